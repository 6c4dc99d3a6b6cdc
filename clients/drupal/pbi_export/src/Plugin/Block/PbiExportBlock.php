<?php

namespace Drupal\pbi_export\Plugin\Block;

use Drupal\Core\Block\Attribute\Block;
use Drupal\Core\Block\BlockBase;
use Drupal\Core\Form\FormStateInterface;
use Drupal\Core\Plugin\ContainerFactoryPluginInterface;
use Drupal\Core\StringTranslation\TranslatableMarkup;
use Drupal\pbi_export\EmbedOptions;
use Drupal\pbi_export\WidgetEmbed;
use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * A pbi-export widget for one report: page, filters, preview and downloads.
 *
 * Drupal 10.2 and later read the attribute; earlier versions the annotation.
 *
 * @Block(
 *   id = "pbi_export_widget",
 *   admin_label = @Translation("pbi-export report"),
 *   category = @Translation("pbi-export")
 * )
 */
#[Block(
  id: 'pbi_export_widget',
  admin_label: new TranslatableMarkup('pbi-export report'),
  category: new TranslatableMarkup('pbi-export'),
)]
class PbiExportBlock extends BlockBase implements ContainerFactoryPluginInterface {

  /**
   * Constructs the block.
   */
  public function __construct(array $configuration, $plugin_id, $plugin_definition, protected WidgetEmbed $widgetEmbed) {
    parent::__construct($configuration, $plugin_id, $plugin_definition);
  }

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container, array $configuration, $plugin_id, $plugin_definition) {
    return new static($configuration, $plugin_id, $plugin_definition, $container->get('pbi_export.widget_embed'));
  }

  /**
   * {@inheritdoc}
   */
  public function defaultConfiguration() {
    return ['report_id' => NULL, 'page' => '', 'formats' => []];
  }

  /**
   * {@inheritdoc}
   */
  public function blockForm($form, FormStateInterface $form_state) {
    $form['report_id'] = [
      '#type' => 'number',
      '#title' => $this->t('Report id'),
      '#description' => $this->t('The number of the report, as listed at %path on the export server or in its portal.', ['%path' => '/api/reports']),
      '#default_value' => $this->configuration['report_id'],
      '#min' => 1,
      '#step' => 1,
      '#required' => TRUE,
    ];
    $form['page'] = [
      '#type' => 'textfield',
      '#title' => $this->t('Page'),
      '#description' => $this->t('Optional: an internal page name such as %example to show only that page; empty lets people choose.', ['%example' => 'ReportSection1']),
      '#default_value' => $this->configuration['page'],
      '#maxlength' => 100,
    ];
    $form['formats'] = [
      '#type' => 'checkboxes',
      '#title' => $this->t('Formats'),
      '#description' => $this->t('The download buttons; none ticked uses the site default.'),
      '#options' => [
        'png' => $this->t('PNG image'),
        'pdf' => $this->t('PDF document'),
        'pptx' => $this->t('PowerPoint (PPTX)'),
        'zip' => $this->t('ZIP (one PNG per page)'),
      ],
      '#default_value' => $this->configuration['formats'],
    ];
    return $form;
  }

  /**
   * {@inheritdoc}
   */
  public function blockValidate($form, FormStateInterface $form_state) {
    $problems = $this->widgetEmbed->options(
      trim((string) $form_state->getValue('report_id')),
      trim((string) $form_state->getValue('page')),
      EmbedOptions::ticked($form_state->getValue('formats')),
    );
    if ($problems instanceof EmbedOptions) {
      return;
    }
    $fields = ['report' => 'report_id', 'page' => 'page', 'formats' => 'formats'];
    foreach ($problems as $name => $message) {
      $form_state->setErrorByName($fields[$name], $message);
    }
  }

  /**
   * {@inheritdoc}
   */
  public function blockSubmit($form, FormStateInterface $form_state) {
    $this->configuration['report_id'] = (int) $form_state->getValue('report_id');
    $this->configuration['page'] = trim((string) $form_state->getValue('page'));
    $this->configuration['formats'] = EmbedOptions::ticked($form_state->getValue('formats'));
  }

  /**
   * {@inheritdoc}
   */
  public function build() {
    $options = $this->widgetEmbed->options(
      $this->configuration['report_id'],
      $this->configuration['page'],
      $this->configuration['formats'],
    );
    if (!$options instanceof EmbedOptions) {
      // Only reachable with configuration edited outside the form.
      return [
        '#markup' => $this->t('This pbi-export block needs a valid report id in its settings.'),
        '#cache' => ['tags' => [WidgetEmbed::SETTINGS_TAG]],
      ];
    }
    return $this->widgetEmbed->build($options);
  }

  /**
   * {@inheritdoc}
   */
  public function getCacheTags() {
    return array_values(array_unique(array_merge(parent::getCacheTags(), [WidgetEmbed::SETTINGS_TAG])));
  }

}
