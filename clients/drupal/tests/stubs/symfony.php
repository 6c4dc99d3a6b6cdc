<?php

// phpcs:ignoreFile -- stand-ins of Symfony for the module's unit tests.

namespace Symfony\Component\DependencyInjection {

  interface ContainerInterface {

    public function get(string $id, int $invalidBehavior = 1): ?object;

    public function has(string $id): bool;

  }

}

namespace Symfony\Component\HttpFoundation {

  class ParameterBag {

    public function __construct(protected array $parameters = []) {}

    public function all(): array {
      return $this->parameters;
    }

    public function get(string $key, mixed $default = NULL): mixed {
      return array_key_exists($key, $this->parameters) ? $this->parameters[$key] : $default;
    }

    public function set(string $key, mixed $value): void {
      $this->parameters[$key] = $value;
    }

    public function has(string $key): bool {
      return array_key_exists($key, $this->parameters);
    }

  }

  class ServerBag extends ParameterBag {

    /**
     * The HTTP_* entries as headers, as Symfony's ServerBag::getHeaders().
     */
    public function getHeaders(): array {
      $headers = [];
      foreach ($this->parameters as $key => $value) {
        if (str_starts_with($key, 'HTTP_')) {
          $headers[substr($key, 5)] = $value;
        }
        elseif (in_array($key, ['CONTENT_TYPE', 'CONTENT_LENGTH', 'CONTENT_MD5'], TRUE)) {
          $headers[$key] = $value;
        }
      }
      return $headers;
    }

  }

  /**
   * Stand-in of HeaderBag: names are case-insensitive, "_" and "-" alike.
   */
  class HeaderBag {

    protected array $headers = [];

    public function __construct(array $headers = []) {
      foreach ($headers as $key => $values) {
        $this->set($key, $values);
      }
    }

    public function all(): array {
      return $this->headers;
    }

    public function get(string $key, ?string $default = NULL): ?string {
      $key = strtr(strtolower($key), '_', '-');
      return isset($this->headers[$key][0]) ? (string) $this->headers[$key][0] : $default;
    }

    public function set(string $key, string|array|null $values, bool $replace = TRUE): void {
      $this->headers[strtr(strtolower($key), '_', '-')] = array_values((array) $values);
    }

    public function has(string $key): bool {
      return array_key_exists(strtr(strtolower($key), '_', '-'), $this->headers);
    }

  }

  class ResponseHeaderBag extends HeaderBag {
  }

  /**
   * Stand-in of Request: query, server and headers bags, base path.
   */
  class Request {

    public ParameterBag $query;

    public ServerBag $server;

    public HeaderBag $headers;

    public function __construct(array $query = [], array $request = [], array $attributes = [], array $cookies = [], array $files = [], array $server = [], protected $content = NULL) {
      $this->query = new ParameterBag($query);
      $this->server = new ServerBag($server);
      $this->headers = new HeaderBag($this->server->getHeaders());
    }

    /**
     * Like Symfony's create(): QUERY_STRING is the URI's raw query.
     */
    public static function create(string $uri, string $method = 'GET', array $parameters = [], array $cookies = [], array $files = [], array $server = [], $content = NULL): static {
      $parts = parse_url($uri);
      $server += [
        'REQUEST_METHOD' => $method,
        'REQUEST_URI' => ($parts['path'] ?? '/') . (isset($parts['query']) ? '?' . $parts['query'] : ''),
        'QUERY_STRING' => $parts['query'] ?? '',
        'SCRIPT_NAME' => '/index.php',
      ];
      parse_str($parts['query'] ?? '', $query);
      return new static($query, [], [], $cookies, $files, $server, $content);
    }

    public function getMethod(): string {
      return strtoupper((string) $this->server->get('REQUEST_METHOD', 'GET'));
    }

    /**
     * The request body, as given to create().
     */
    public function getContent(): string {
      return (string) $this->content;
    }

    /**
     * The folder of the front controller, as Symfony computes it for Drupal.
     */
    public function getBasePath(): string {
      $dir = rtrim(dirname((string) $this->server->get('SCRIPT_NAME', '/index.php')), '/\\');
      return $dir === '.' ? '' : $dir;
    }

  }

  class RequestStack {

    protected array $requests = [];

    public function push(Request $request): void {
      $this->requests[] = $request;
    }

    public function getCurrentRequest(): ?Request {
      return end($this->requests) ?: NULL;
    }

  }

  class Response {

    public ResponseHeaderBag $headers;

    public function __construct(protected ?string $content = '', protected int $statusCode = 200, array $headers = []) {
      $this->headers = new ResponseHeaderBag($headers);
    }

    public function getContent(): string|false {
      return (string) $this->content;
    }

    public function getStatusCode(): int {
      return $this->statusCode;
    }

    public function setContent(?string $content): static {
      $this->content = $content;
      return $this;
    }

  }

  /**
   * Stand-in of StreamedResponse: the callback prints the body when sent.
   */
  class StreamedResponse extends Response {

    public function __construct(protected $callback = NULL, int $status = 200, array $headers = []) {
      parent::__construct(NULL, $status, $headers);
    }

    public function getContent(): string|false {
      return FALSE;
    }

    public function setContent(?string $content): static {
      if ($content !== NULL) {
        throw new \LogicException('The content cannot be set on a StreamedResponse instance.');
      }
      return $this;
    }

    public function sendContent(): static {
      ($this->callback)();
      return $this;
    }

  }

}

namespace Symfony\Component\HttpKernel\Exception {

  class HttpException extends \RuntimeException {

    public function __construct(private int $statusCode, string $message = '') {
      parent::__construct($message);
    }

    public function getStatusCode(): int {
      return $this->statusCode;
    }

  }

  class NotFoundHttpException extends HttpException {

    public function __construct(string $message = '') {
      parent::__construct(404, $message);
    }

  }

}
