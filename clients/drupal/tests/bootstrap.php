<?php

/**
 * @file
 * Loads the stand-ins of Drupal, Symfony and Guzzle and autoloads (PSR-4) the
 * module's src/ as Drupal does, plus the tests' own classes.
 */

foreach (glob(__DIR__ . '/stubs/*.php') as $stub) {
  require_once $stub;
}

spl_autoload_register(function (string $class): void {
  $roots = [
    'Drupal\\pbi_export\\' => dirname(__DIR__) . '/pbi_export/src/',
    'Drupal\\Tests\\pbi_export\\' => __DIR__ . '/src/',
  ];
  foreach ($roots as $prefix => $dir) {
    if (str_starts_with($class, $prefix)) {
      $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
      if (is_file($file)) {
        require_once $file;
      }
      return;
    }
  }
});

// hook_help() lives in the .module file, as Drupal loads it.
require_once dirname(__DIR__) . '/pbi_export/pbi_export.module';
