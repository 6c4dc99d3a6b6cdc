<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Core\Routing\RouteMatchInterface;
use Drupal\Core\Url;
use Drupal\pbi_export\ExportServer;
use Drupal\pbi_export\WidgetEmbed;
use PHPUnit\Framework\TestCase;

/**
 * The module's YAML files name classes, methods, permissions and config that
 * exist (read with patterns: there is no YAML parser here), and hook_help().
 */
class ModuleFilesTest extends TestCase {

  private static function read(string $file): string {
    return (string) file_get_contents(dirname(__DIR__, 2) . '/pbi_export/' . $file);
  }

  public function testInfoFileTargetsDrupal10And11(): void {
    $info = self::read('pbi_export.info.yml');
    $this->assertMatchesRegularExpression('/^type: module$/m', $info);
    $this->assertMatchesRegularExpression('/^core_version_requirement: \^10 \|\| \^11$/m', $info);
    $this->assertMatchesRegularExpression('/^configure: pbi_export\.settings$/m', $info);
  }

  public function testRoutesNameExistingControllersFormsAndPermissions(): void {
    $routing = self::read('pbi_export.routing.yml');
    preg_match_all("/_controller: '\\\\?([^':]+)::(\\w+)'/", $routing, $controllers, PREG_SET_ORDER);
    $this->assertCount(6, $controllers);
    foreach ($controllers as [, $class, $method]) {
      $this->assertTrue(method_exists($class, $method), "$class::$method");
    }
    preg_match_all("/_form: '\\\\?([^']+)'/", $routing, $forms);
    $this->assertSame(['Drupal\pbi_export\Form\SettingsForm'], $forms[1]);
    $this->assertTrue(class_exists($forms[1][0]));
    preg_match_all("/_permission: '([^']+)'/", $routing, $used);
    preg_match_all('/^([a-z ]+):$/m', self::read('pbi_export.permissions.yml'), $defined);
    $this->assertSame(['administer pbi export', 'use pbi export'], array_values(array_unique($used[1])));
    $this->assertSame(['administer pbi export', 'use pbi export'], $defined[1]);
    $this->assertStringContainsString("path: '/admin/config/services/pbi-export'", $routing);
  }

  public function testTheProxyRoutesAreTheWidgetsPaths(): void {
    $routing = self::read('pbi_export.routing.yml');
    $this->assertStringContainsString("path: '" . WidgetEmbed::PROXY_PATH . "/api/{resource}'", $routing);
    $this->assertStringContainsString("path: '" . WidgetEmbed::PROXY_PATH . "/api/{resource}/{report_id}'", $routing);
    $this->assertStringContainsString("resource: 'reports|export'", $routing);
    $this->assertStringContainsString("resource: 'pages|filters'", $routing);
    $this->assertSame(4, substr_count($routing, 'methods: [GET]'));
    $this->assertSame(6, substr_count($routing, 'no_cache: TRUE'));
    // Export jobs: the paths the widget builds from data-server, with job ids
    // checked as ExportServer checks them.
    $this->assertStringContainsString("path: '" . WidgetEmbed::PROXY_PATH . "/api/exports'\n", $routing);
    $this->assertStringContainsString("path: '" . WidgetEmbed::PROXY_PATH . "/api/exports/{job_id}'\n", $routing);
    $this->assertStringContainsString("path: '" . WidgetEmbed::PROXY_PATH . "/api/exports/{job_id}/file'\n", $routing);
    $this->assertSame(1, substr_count($routing, 'methods: [POST]'));
    $this->assertSame(1, substr_count($routing, 'methods: [GET, DELETE]'));
    $this->assertSame(2, substr_count($routing, "job_id: '" . ExportServer::JOB_ID . "'"));
    // The library loads the script from the widget route, never aggregated.
    preg_match("/path: '([^']+)'\n(?:.*\n){1,3}.*ProxyController::widget/", $routing, $widget);
    $this->assertSame(WidgetEmbed::PROXY_PATH . '/widget/pbi-export.js', $widget[1]);
    $library = self::read('pbi_export.libraries.yml');
    $this->assertStringContainsString('    ' . $widget[1] . ': { preprocess: false', $library);
    $this->assertStringStartsWith('pbi_export/', WidgetEmbed::LIBRARY);
    $this->assertMatchesRegularExpression('/^' . substr(WidgetEmbed::LIBRARY, strlen('pbi_export/')) . ':$/m', $library);
  }

  public function testServicesNameClassesWithThoseArguments(): void {
    preg_match_all("/class: ([^\n]+)\n    arguments: \[([^\]]*)\]/", self::read('pbi_export.services.yml'), $services, PREG_SET_ORDER);
    $this->assertCount(2, $services);
    foreach ($services as [, $class, $arguments]) {
      $constructor = (new \ReflectionClass($class))->getConstructor();
      $this->assertSame(count(explode(',', $arguments)), $constructor->getNumberOfParameters(), $class);
    }
  }

  public function testTheSchemaCoversEveryInstalledSetting(): void {
    preg_match_all('/^(\w+):/m', self::read('config/install/pbi_export.settings.yml'), $installed);
    $schema = self::read('config/schema/pbi_export.schema.yml');
    $this->assertSame(['server_url', 'api_key', 'default_formats', 'timeout'], $installed[1]);
    foreach ($installed[1] as $key) {
      $this->assertMatchesRegularExpression("/^    $key:\n      type: /m", $schema, $key);
    }
    $this->assertStringContainsString("block.settings.pbi_export_widget:\n  type: block_settings", $schema);
  }

  public function testHelpExplainsTheModuleAndLinksTheSettings(): void {
    Url::$paths['pbi_export.settings'] = '/intranet/admin/config/services/pbi-export';
    $route_match = $this->createStub(RouteMatchInterface::class);
    $help = pbi_export_help('help.page.pbi_export', $route_match);
    $this->assertStringContainsString('<a href="/intranet/admin/config/services/pbi-export">settings page</a>', $help);
    $this->assertStringContainsString('[pbi_export report=&quot;1&quot;', $help);
    $this->assertNull(pbi_export_help('system.admin', $route_match));
  }

}
