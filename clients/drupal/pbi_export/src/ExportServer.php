<?php

namespace Drupal\pbi_export;

use Drupal\Core\Config\ConfigFactoryInterface;
use Drupal\Core\StringTranslation\StringTranslationTrait;
use Drupal\Core\StringTranslation\TranslationInterface;
use GuzzleHttp\ClientInterface;
use GuzzleHttp\Exception\GuzzleException;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\StreamedResponse;

/**
 * Forwards the widget's requests to the configured export server.
 *
 * Only the public read and export paths of docs/contract.md are forwarded,
 * export jobs included.
 * The API key is read from configuration and sent as X-API-Key to the export
 * server only; the answer carries back the status, the body and a fixed list
 * of headers, never the request's headers.
 */
class ExportServer {

  use StringTranslationTrait;

  /**
   * Request headers of the browser passed on to the export server.
   */
  public const FORWARDED_REQUEST_HEADERS = ['Accept', 'If-None-Match'];

  /**
   * Response headers of the export server passed back to the browser.
   *
   * Not Link: the widget script's versioned address is a path of the export
   * server, not of this site.
   */
  public const RETURNED_RESPONSE_HEADERS = [
    'Content-Type',
    'Content-Disposition',
    'ETag',
    'X-Cache',
    'Retry-After',
    'Cache-Control',
  ];

  /**
   * The export jobs path of the server (docs/contract.md, "Export jobs").
   */
  public const JOBS = '/api/exports';

  /**
   * Job ids as the server makes them (UUIDs), with room for other opaque ids.
   */
  public const JOB_ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}';

  /**
   * Bytes passed on at a time from a streamed answer.
   */
  private const CHUNK = 65536;

  /**
   * Seconds to wait for a connection to the export server.
   */
  private const CONNECT_TIMEOUT = 5;

  /**
   * Constructs the export server forwarder.
   */
  public function __construct(
    protected ClientInterface $httpClient,
    protected ConfigFactoryInterface $configFactory,
    TranslationInterface $string_translation,
  ) {
    $this->setStringTranslation($string_translation);
  }

  /**
   * The export server path of a proxied API request, if it is allowed.
   *
   * @param string $resource
   *   The part after api/: reports, pages, filters or export.
   * @param string $report_id
   *   The report id for pages and filters, '' for the others.
   *
   * @return string|null
   *   The path on the export server, or NULL when it is not forwarded.
   */
  public static function apiPath(string $resource, string $report_id): ?string {
    $with_id = preg_match('/^[1-9][0-9]{0,17}$/', $report_id) === 1;
    return match (TRUE) {
      ($resource === 'reports' || $resource === 'export') && $report_id === '' => '/api/' . $resource,
      ($resource === 'pages' || $resource === 'filters') && $with_id => '/api/' . $resource . '/' . $report_id,
      default => NULL,
    };
  }

  /**
   * The export server path of a job, or of its file, if the id is one.
   *
   * @param string $job_id
   *   The job id from the browser's path.
   * @param bool $file
   *   Whether the job's file is asked for.
   *
   * @return string|null
   *   The path on the export server, or NULL when the id is not a job id.
   */
  public static function jobPath(string $job_id, bool $file = FALSE): ?string {
    if (preg_match('/^' . self::JOB_ID . '$/D', $job_id) !== 1) {
      return NULL;
    }
    return self::JOBS . '/' . $job_id . ($file ? '/file' : '');
  }

  /**
   * Forwards a request and returns the export server's answer.
   *
   * @param string $path
   *   A path from apiPath() or jobPath(), or the widget script's path.
   * @param string $query
   *   The raw query string to pass on ('' for none), as the browser sent it,
   *   so that repeated parameters (filter.region=North&filter.region=South)
   *   stay repeated.
   * @param array $request_headers
   *   The browser's request headers, keyed by name; only
   *   FORWARDED_REQUEST_HEADERS are used.
   * @param bool $with_key
   *   Whether to send the API key (not for the public widget script).
   * @param string $method
   *   GET, or POST and DELETE for export jobs.
   * @param string|null $json
   *   A JSON body to send as application/json, NULL for none.
   * @param bool $stream
   *   Whether to pass the body on in pieces as it arrives (a job's file, up
   *   to hundreds of megabytes) instead of holding it whole in memory.
   */
  public function forward(string $path, string $query, array $request_headers, bool $with_key, string $method = 'GET', ?string $json = NULL, bool $stream = FALSE): Response {
    $settings = $this->configFactory->get('pbi_export.settings');
    $server = rtrim((string) $settings->get('server_url'), '/');
    if ($server === '') {
      return $this->problem(503, $this->t('The export server is not configured yet: an administrator sets its address in the pbi-export settings.'));
    }
    $headers = [];
    foreach (self::FORWARDED_REQUEST_HEADERS as $name) {
      $value = $request_headers[$name] ?? $request_headers[strtolower($name)] ?? NULL;
      if (is_string($value) && $value !== '') {
        $headers[$name] = $value;
      }
    }
    $key = (string) $settings->get('api_key');
    if ($with_key && $key !== '') {
      $headers['X-API-Key'] = $key;
    }
    $options = [
      'http_errors' => FALSE,
      'allow_redirects' => FALSE,
      'connect_timeout' => self::CONNECT_TIMEOUT,
      'timeout' => max(1, (int) ($settings->get('timeout') ?: 90)),
    ];
    if ($json !== NULL) {
      $headers['Content-Type'] = 'application/json';
      $options['body'] = $json;
    }
    if ($stream) {
      $options['stream'] = TRUE;
    }
    $query = str_replace(['#', "\r", "\n"], '', $query);
    $url = $server . $path . ($query === '' ? '' : '?' . $query);
    try {
      $answer = $this->httpClient->request($method, $url, ['headers' => $headers] + $options);
    }
    catch (GuzzleException) {
      // The exception's message names the URL and may name the cause; the
      // browser gets words only.
      return $this->problem(502, $this->t('The export server could not be reached. Try again later, or ask an administrator to check the pbi-export settings.'));
    }
    $body = $answer->getBody();
    $response = $stream
      ? new StreamedResponse(static function () use ($body): void {
        while (!$body->eof()) {
          echo $body->read(self::CHUNK);
          flush();
        }
      }, $answer->getStatusCode())
      : new Response((string) $body, $answer->getStatusCode());
    foreach ($stream ? [...self::RETURNED_RESPONSE_HEADERS, 'Content-Length'] : self::RETURNED_RESPONSE_HEADERS as $name) {
      $value = $answer->getHeaderLine($name);
      if ($value !== '') {
        $response->headers->set($name, $value);
      }
    }
    // A job's address, which the proxy turns into its own; never another
    // Location, which could name the export server.
    $location = $answer->getHeaderLine('Location');
    if (str_starts_with($location, self::JOBS . '/')) {
      $response->headers->set('Location', $location);
    }
    return $response;
  }

  /**
   * An RFC 9457 problem, the shape the widget shows errors of.
   */
  public function problem(int $status, \Stringable|string $detail): Response {
    [$type, $title] = match ($status) {
      413 => ['body-too-large', 'Content too large'],
      415 => ['unsupported-media-type', 'Unsupported media type'],
      503 => ['unavailable', 'Service unavailable'],
      default => ['proxy-error', 'Bad gateway'],
    };
    $body = [
      'type' => '/problems/' . $type,
      'title' => $title,
      'status' => $status,
      'detail' => (string) $detail,
    ];
    return new Response(json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), $status, [
      'Content-Type' => 'application/problem+json',
    ]);
  }

}
