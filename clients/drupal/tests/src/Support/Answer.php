<?php

namespace Drupal\Tests\pbi_export\Support;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\StreamInterface;

/**
 * An HTTP answer: status, headers (case-insensitive), body.
 */
class Answer implements ResponseInterface, StreamInterface {

  private array $headers = [];

  private int $position = 0;

  /**
   * How many read() calls the body was taken in.
   */
  public int $reads = 0;

  public function __construct(private int $status, array $headers, private string $body) {
    foreach ($headers as $name => $value) {
      $this->headers[strtolower($name)][] = $value;
    }
  }

  public function getStatusCode(): int {
    return $this->status;
  }

  public function getHeaderLine(string $name): string {
    return implode(', ', $this->headers[strtolower($name)] ?? []);
  }

  public function getBody(): StreamInterface {
    return $this;
  }

  public function __toString(): string {
    return $this->body;
  }

  public function eof(): bool {
    return $this->position >= strlen($this->body);
  }

  public function read(int $length): string {
    $this->reads++;
    $piece = substr($this->body, $this->position, $length);
    $this->position += strlen($piece);
    return $piece;
  }

}
