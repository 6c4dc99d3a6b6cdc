<?php

namespace Drupal\Tests\pbi_export\Support;

use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\ConnectException;
use Psr\Http\Message\ResponseInterface;

/**
 * Records each request and answers with the next prepared answer.
 */
class RecordingClient implements ClientInterface {

  public array $requests = [];

  public function __construct(private array $answers = []) {}

  public function request(string $method, $uri, array $options = []): ResponseInterface {
    $this->requests[] = ['method' => $method, 'uri' => (string) $uri, 'options' => $options];
    $answer = array_shift($this->answers) ?? new Answer(200, ['Content-Type' => 'application/json'], '{}');
    if ($answer instanceof \Throwable) {
      throw $answer;
    }
    return $answer;
  }

  public static function refusing(): self {
    return new self([new ConnectException('cURL error 7: Failed to connect to exports.internal port 8080')]);
  }

}
