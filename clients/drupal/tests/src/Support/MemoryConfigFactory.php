<?php

namespace Drupal\Tests\pbi_export\Support;

use Drupal\Core\Config\Config;
use Drupal\Core\Config\ConfigFactoryInterface;
use Drupal\Core\Config\ImmutableConfig;

/**
 * Configuration in memory; starts from the module's config/install file.
 */
class MemoryConfigFactory implements ConfigFactoryInterface {

  public array $data = [];

  public function __construct(array $settings = []) {
    $this->data['pbi_export.settings'] = $settings + self::installed();
  }

  /**
   * The module's config/install/pbi_export.settings.yml, read without a YAML
   * library: flat keys and one list.
   */
  public static function installed(): array {
    $data = [];
    $list = NULL;
    foreach (file(dirname(__DIR__, 3) . '/pbi_export/config/install/pbi_export.settings.yml', FILE_IGNORE_NEW_LINES) as $line) {
      if (preg_match('/^  - (.+)$/', $line, $m) && $list !== NULL) {
        $data[$list][] = $m[1];
      }
      elseif (preg_match('/^(\w+):\s*(.*)$/', $line, $m)) {
        $value = $m[2];
        $list = $value === '' ? $m[1] : NULL;
        $data[$m[1]] = match (TRUE) {
          $value === '' => [],
          $value === "''" => '',
          ctype_digit($value) => (int) $value,
          default => $value,
        };
      }
    }
    return $data;
  }

  public function get($name) {
    return new ImmutableConfig($name, $this->data[$name] ?? []);
  }

  public function getEditable($name) {
    return new Config($name, $this->data[$name] ?? [], function (string $name, array $data): void {
      $this->data[$name] = $data;
    });
  }

}
