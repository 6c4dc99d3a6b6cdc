<?php

namespace Drupal\Tests\pbi_export\Support;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\StreamInterface;

/**
 * An HTTP answer whose body is still on the socket, read as asked for.
 */
class SocketAnswer implements ResponseInterface, StreamInterface {

  /**
   * The most bytes one read() returned.
   */
  public int $largestRead = 0;

  public function __construct(private int $status, private array $headers, private $handle) {
    $this->headers = array_change_key_case($headers);
  }

  public function getStatusCode(): int {
    return $this->status;
  }

  public function getHeaderLine(string $name): string {
    return (string) ($this->headers[strtolower($name)] ?? '');
  }

  public function getBody(): StreamInterface {
    return $this;
  }

  public function eof(): bool {
    return feof($this->handle);
  }

  public function read(int $length): string {
    $piece = (string) fread($this->handle, $length);
    $this->largestRead = max($this->largestRead, strlen($piece));
    return $piece;
  }

  public function __toString(): string {
    return (string) stream_get_contents($this->handle);
  }

}
