<?php

// phpcs:ignoreFile -- stand-ins of Guzzle and PSR-7 for the module's unit tests.

namespace Psr\Http\Message {

  /**
   * Stand-in: the part of PSR-7's StreamInterface the module uses.
   */
  interface StreamInterface extends \Stringable {

    public function eof(): bool;

    public function read(int $length): string;

  }

  /**
   * Stand-in: the part of PSR-7's ResponseInterface the module uses.
   */
  interface ResponseInterface {

    public function getStatusCode(): int;

    public function getHeaderLine(string $name): string;

    public function getBody(): StreamInterface;

  }

}

namespace GuzzleHttp {

  use Psr\Http\Message\ResponseInterface;

  /**
   * Stand-in: Guzzle 7's ClientInterface::request().
   */
  interface ClientInterface {

    public function request(string $method, $uri, array $options = []): ResponseInterface;

  }

}

namespace GuzzleHttp\Exception {

  interface GuzzleException extends \Throwable {
  }

  class TransferException extends \RuntimeException implements GuzzleException {
  }

  class ConnectException extends TransferException {
  }

}
