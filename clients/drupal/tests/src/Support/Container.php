<?php

namespace Drupal\Tests\pbi_export\Support;

use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * A container holding the services a test gives it.
 */
class Container implements ContainerInterface {

  public function __construct(private array $services) {}

  public function get(string $id, int $invalidBehavior = 1): ?object {
    if (!isset($this->services[$id])) {
      throw new \OutOfBoundsException("No service $id");
    }
    return $this->services[$id];
  }

  public function has(string $id): bool {
    return isset($this->services[$id]);
  }

}
