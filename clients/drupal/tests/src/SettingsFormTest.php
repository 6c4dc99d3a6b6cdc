<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Core\Form\FormState;
use Drupal\pbi_export\Form\SettingsForm;
use Drupal\Tests\pbi_export\Support\RecordingClient;
use Drupal\Tests\pbi_export\Support\Site;
use PHPUnit\Framework\TestCase;

/**
 * The settings form: URL validation, and a key never shown again.
 *
 * @covers \Drupal\pbi_export\Form\SettingsForm
 */
class SettingsFormTest extends TestCase {

  private Site $site;

  protected function setUp(): void {
    $this->site = new Site(new RecordingClient());
  }

  private function form(): SettingsForm {
    $form = SettingsForm::create($this->site->container());
    $form->setStringTranslation($this->site->translation);
    return $form;
  }

  private function submit(array $values): FormState {
    $state = (new FormState())->setValues($values + [
      'server_url' => 'https://exports.example.internal',
      'api_key' => '',
      'default_formats' => ['png' => 'png', 'pdf' => 'pdf'],
      'timeout' => '90',
    ]);
    $form = $this->form();
    $built = $form->buildForm([], $state);
    $form->validateForm($built, $state);
    if (!$state->getErrors()) {
      $form->submitForm($built, $state);
    }
    return $state;
  }

  private function saved(string $key) {
    return $this->site->config->data['pbi_export.settings'][$key];
  }

  public function testTheSavedKeyIsNeverPutBackIntoTheForm(): void {
    $built = $this->form()->buildForm([], new FormState());
    $this->assertStringNotContainsString(Site::KEY, serialize($built) . json_encode($built));
    $this->assertSame('password', $built['api_key']['#type']);
    $this->assertSame('', $built['api_key']['#default_value']);
    $this->assertSame('A key is saved; leave empty to keep it.', (string) $built['api_key']['#description']);
    $this->assertArrayHasKey('forget_api_key', $built);
    $this->assertSame('http://exports.internal:8080', $built['server_url']['#default_value']);
    $this->assertSame('submit', $built['actions']['submit']['#type']);
  }

  public function testWithoutASavedKeyTheFormSaysWhatTheKeyIsFor(): void {
    $this->site->config->data['pbi_export.settings']['api_key'] = '';
    $built = $this->form()->buildForm([], new FormState());
    $this->assertStringContainsString('never sent to browsers', (string) $built['api_key']['#description']);
    $this->assertArrayNotHasKey('forget_api_key', $built);
  }

  /**
   * @dataProvider badUrls
   */
  public function testRefusesAddressesThatAreNotHttpServers(string $url): void {
    $state = $this->submit(['server_url' => $url]);
    $this->assertArrayHasKey('server_url', $state->getErrors());
    $this->assertStringContainsString('must be an http or https address', (string) $state->getErrors()['server_url']);
    $this->assertSame('http://exports.internal:8080', $this->saved('server_url'));
  }

  public static function badUrls(): array {
    return [
      'empty' => [''],
      'words' => ['exports server'],
      'no scheme' => ['exports.example.internal'],
      'ftp' => ['ftp://exports.example.internal'],
      'javascript' => ['javascript:alert(1)'],
      'file' => ['file:///etc/passwd'],
      'no host' => ['http://'],
      'credentials' => ['https://admin:secret@exports.example.internal'],
      'query' => ['https://exports.example.internal/?x=1'],
      'fragment' => ['https://exports.example.internal/#top'],
    ];
  }

  /**
   * @dataProvider goodUrls
   */
  public function testSavesHttpAddressesWithoutTheTrailingSlash(string $url, string $saved): void {
    $state = $this->submit(['server_url' => $url]);
    $this->assertSame([], $state->getErrors());
    $this->assertSame($saved, $this->saved('server_url'));
  }

  public static function goodUrls(): array {
    return [
      'https' => ['https://exports.example.internal', 'https://exports.example.internal'],
      'port and slash' => ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
      'under a path' => [' https://intranet.example/pbi-export/ ', 'https://intranet.example/pbi-export'],
    ];
  }

  public function testAnEmptyKeyFieldKeepsTheSavedKey(): void {
    $this->submit(['api_key' => '', 'server_url' => 'https://other.example']);
    $this->assertSame(Site::KEY, $this->saved('api_key'));
    $this->assertSame('https://other.example', $this->saved('server_url'));
  }

  public function testANewKeyReplacesTheSavedOne(): void {
    $this->submit(['api_key' => ' pbx_new-key ']);
    $this->assertSame('pbx_new-key', $this->saved('api_key'));
  }

  public function testTheSavedKeyCanBeRemoved(): void {
    $this->submit(['forget_api_key' => 1]);
    $this->assertSame('', $this->saved('api_key'));
  }

  public function testAKeyWithSpacesIsRefused(): void {
    $state = $this->submit(['api_key' => 'two words']);
    $this->assertArrayHasKey('api_key', $state->getErrors());
    $this->assertSame(Site::KEY, $this->saved('api_key'));
  }

  public function testDefaultFormatsAndTimeLimit(): void {
    $this->submit(['default_formats' => ['png' => 0, 'pdf' => 'pdf'], 'timeout' => '120']);
    $this->assertSame(['pdf'], $this->saved('default_formats'));
    $this->assertSame(120, $this->saved('timeout'));
    $state = $this->submit(['default_formats' => ['png' => 0, 'pdf' => 0]]);
    $this->assertArrayHasKey('default_formats', $state->getErrors());
    foreach (['2', '1000', '9.5', 'abc'] as $timeout) {
      $this->assertArrayHasKey('timeout', $this->submit(['timeout' => $timeout])->getErrors(), $timeout);
    }
  }

}
