<?php

namespace Drupal\Tests\pbi_export\Support;

/**
 * The stand-in export server (tests/fixtures/upstream-router.php) run by
 * PHP's built-in web server on a free loopback port.
 */
class Upstream {

  public readonly string $url;

  private $process;

  private array $pipes = [];

  private function __construct(public readonly string $log, int $port) {
    $this->url = "http://127.0.0.1:$port";
  }

  public static function start(string $key): self {
    $socket = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);
    if ($socket === FALSE) {
      throw new \RuntimeException("No free port: $error");
    }
    $port = (int) substr(strrchr(stream_socket_get_name($socket, FALSE), ':'), 1);
    fclose($socket);
    $upstream = new self(tempnam(sys_get_temp_dir(), 'pbi-upstream-'), $port);
    $router = dirname(__DIR__, 2) . '/fixtures/upstream-router.php';
    $env = ['PBI_TEST_KEY' => $key, 'PBI_TEST_LOG' => $upstream->log, 'PATH' => getenv('PATH')];
    $upstream->process = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", $router], [
      0 => ['file', '/dev/null', 'r'],
      1 => ['file', '/dev/null', 'w'],
      2 => ['file', '/dev/null', 'w'],
    ], $upstream->pipes, NULL, $env);
    $deadline = microtime(TRUE) + 10;
    while (microtime(TRUE) < $deadline) {
      $probe = @fsockopen('127.0.0.1', $port, $errno, $error, 0.2);
      if ($probe) {
        fclose($probe);
        return $upstream;
      }
      usleep(50000);
    }
    $upstream->stop();
    throw new \RuntimeException("php -S did not listen on port $port within 10 s");
  }

  /**
   * The requests the server got, oldest first.
   */
  public function requests(): array {
    $lines = array_filter(explode("\n", (string) file_get_contents($this->log)));
    return array_map(fn(string $line) => json_decode($line, TRUE), array_values($lines));
  }

  public function stop(): void {
    if (is_resource($this->process)) {
      proc_terminate($this->process);
      proc_close($this->process);
    }
    @unlink($this->log);
  }

}
