<?php

namespace Drupal\Tests\pbi_export\Support;

use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\ConnectException;
use Psr\Http\Message\ResponseInterface;

/**
 * Real HTTP with PHP streams, for the options the module passes to Guzzle:
 * method, headers, body, stream, http_errors => FALSE, allow_redirects =>
 * FALSE, timeouts.
 */
class StreamClient implements ClientInterface {

  public function request(string $method, $uri, array $options = []): ResponseInterface {
    $headers = [];
    foreach (($options['headers'] ?? []) + ['Connection' => 'close'] as $name => $value) {
      $headers[] = "$name: $value";
    }
    $context = stream_context_create(['http' => [
      'method' => $method,
      'header' => implode("\r\n", $headers),
      'content' => (string) ($options['body'] ?? ''),
      'ignore_errors' => !($options['http_errors'] ?? TRUE),
      'follow_location' => ($options['allow_redirects'] ?? TRUE) ? 1 : 0,
      'timeout' => (float) ($options['timeout'] ?? 30),
      'protocol_version' => 1.1,
    ]]);
    $previous = ini_set('default_socket_timeout', (string) ($options['connect_timeout'] ?? 30));
    try {
      $handle = @fopen((string) $uri, 'rb', FALSE, $context);
    }
    finally {
      ini_set('default_socket_timeout', $previous);
    }
    $lines = $handle ? (stream_get_meta_data($handle)['wrapper_data'] ?? []) : [];
    if ($handle === FALSE || !$lines) {
      throw new ConnectException('Could not reach ' . $uri);
    }
    preg_match('{^HTTP/\S+ (\d{3})}', (string) array_shift($lines), $status);
    $parsed = [];
    foreach ($lines as $line) {
      [$name, $value] = array_pad(explode(':', $line, 2), 2, '');
      $parsed[trim($name)] = trim($value);
    }
    if ($options['stream'] ?? FALSE) {
      // As Guzzle's stream option: the body is read from the socket as it is
      // asked for.
      return new SocketAnswer((int) ($status[1] ?? 0), $parsed, $handle);
    }
    $body = stream_get_contents($handle);
    fclose($handle);
    return new Answer((int) ($status[1] ?? 0), $parsed, (string) $body);
  }

}
