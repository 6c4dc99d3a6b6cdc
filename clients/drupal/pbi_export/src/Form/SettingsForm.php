<?php

namespace Drupal\pbi_export\Form;

use Drupal\Core\Form\ConfigFormBase;
use Drupal\Core\Form\FormStateInterface;
use Drupal\pbi_export\EmbedOptions;

/**
 * The export server's address, its API key and the default formats.
 *
 * The key is kept in configuration and never put back into the form: the
 * field stays empty, and an empty field keeps the saved key.
 */
class SettingsForm extends ConfigFormBase {

  /**
   * {@inheritdoc}
   */
  public function getFormId() {
    return 'pbi_export_settings';
  }

  /**
   * {@inheritdoc}
   */
  protected function getEditableConfigNames() {
    return ['pbi_export.settings'];
  }

  /**
   * {@inheritdoc}
   */
  public function buildForm(array $form, FormStateInterface $form_state) {
    $config = $this->config('pbi_export.settings');
    $key_saved = (string) $config->get('api_key') !== '';
    $form['server_url'] = [
      '#type' => 'url',
      '#title' => $this->t('Export server URL'),
      '#description' => $this->t('The address of pbi-export as this web server reaches it, such as %example. Browsers never call it: they go through this site.', ['%example' => 'https://exports.example.internal']),
      '#default_value' => $config->get('server_url'),
      '#required' => TRUE,
      '#maxlength' => 2048,
    ];
    $form['api_key'] = [
      '#type' => 'password',
      '#title' => $this->t('API key'),
      '#description' => $key_saved
        ? $this->t('A key is saved; leave empty to keep it.')
        : $this->t('An API key made at %path on the export server, needed when it requires keys. It stays on this site and is never sent to browsers.', ['%path' => '/admin/api-keys']),
      '#default_value' => '',
      '#attributes' => ['autocomplete' => 'new-password'],
      '#maxlength' => 512,
    ];
    if ($key_saved) {
      $form['forget_api_key'] = [
        '#type' => 'checkbox',
        '#title' => $this->t('Remove the saved key'),
      ];
    }
    $form['default_formats'] = [
      '#type' => 'checkboxes',
      '#title' => $this->t('Default formats'),
      '#description' => $this->t('The download buttons of widgets that do not name their formats.'),
      '#options' => [
        'png' => $this->t('PNG image'),
        'pdf' => $this->t('PDF document'),
        'pptx' => $this->t('PowerPoint (PPTX)'),
        'zip' => $this->t('ZIP (one PNG per page)'),
      ],
      '#default_value' => $config->get('default_formats') ?? EmbedOptions::DEFAULT_FORMATS,
    ];
    $form['timeout'] = [
      '#type' => 'number',
      '#title' => $this->t('Time limit of an export, in seconds'),
      '#description' => $this->t('How long this site waits for the export server before the widget shows an error.'),
      '#default_value' => $config->get('timeout') ?? 90,
      '#min' => 5,
      '#max' => 900,
      '#required' => TRUE,
    ];
    return parent::buildForm($form, $form_state);
  }

  /**
   * {@inheritdoc}
   */
  public function validateForm(array &$form, FormStateInterface $form_state) {
    parent::validateForm($form, $form_state);
    $url = trim((string) $form_state->getValue('server_url'));
    if (!self::isServerUrl($url)) {
      $form_state->setErrorByName('server_url', $this->t('The export server URL must be an http or https address such as %example, without user name, query or fragment.', ['%example' => 'https://exports.example.internal']));
    }
    $key = trim((string) $form_state->getValue('api_key'));
    if ($key !== '' && preg_match('/^[\x21-\x7E]+$/', $key) !== 1) {
      $form_state->setErrorByName('api_key', $this->t('The API key must be printable characters without spaces.'));
    }
    if (!EmbedOptions::ticked($form_state->getValue('default_formats'))) {
      $form_state->setErrorByName('default_formats', $this->t('Choose at least one default format.'));
    }
    $timeout = $form_state->getValue('timeout');
    if (!is_numeric($timeout) || (int) $timeout != $timeout || $timeout < 5 || $timeout > 900) {
      $form_state->setErrorByName('timeout', $this->t('The time limit must be a whole number of seconds from @min to @max.', ['@min' => 5, '@max' => 900]));
    }
  }

  /**
   * {@inheritdoc}
   */
  public function submitForm(array &$form, FormStateInterface $form_state) {
    $config = $this->config('pbi_export.settings');
    $config
      ->set('server_url', rtrim(trim((string) $form_state->getValue('server_url')), '/'))
      ->set('default_formats', EmbedOptions::ticked($form_state->getValue('default_formats')))
      ->set('timeout', (int) $form_state->getValue('timeout'));
    $key = trim((string) $form_state->getValue('api_key'));
    if ($key !== '') {
      $config->set('api_key', $key);
    }
    elseif ($form_state->getValue('forget_api_key')) {
      $config->set('api_key', '');
    }
    $config->save();
    parent::submitForm($form, $form_state);
  }

  /**
   * Whether a URL is an http(s) address of a server, nothing more.
   */
  public static function isServerUrl(string $url): bool {
    if (filter_var($url, FILTER_VALIDATE_URL) === FALSE) {
      return FALSE;
    }
    $parts = parse_url($url);
    return in_array(strtolower($parts['scheme'] ?? ''), ['http', 'https'], TRUE)
      && ($parts['host'] ?? '') !== ''
      && !isset($parts['user'])
      && !isset($parts['query'])
      && !isset($parts['fragment']);
  }

}
