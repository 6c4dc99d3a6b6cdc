<?php

namespace Drupal\pbi_export\Controller;

use Drupal\Core\Controller\ControllerBase;
use Drupal\pbi_export\ExportServer;
use Drupal\pbi_export\WidgetEmbed;
use Symfony\Component\DependencyInjection\ContainerInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

/**
 * The server-side proxy between the widget and the export server.
 *
 * The widget's data-server points here; the API key stays in configuration
 * and is added by ExportServer, so it never reaches a page or a browser.
 */
class ProxyController extends ControllerBase {

  /**
   * The largest job request forwarded, the export server's own default bound
   * (pbi-export.http.max-export-body).
   */
  public const MAX_JOB_BODY = 65536;

  /**
   * Constructs the proxy controller.
   */
  public function __construct(protected ExportServer $exportServer) {}

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container) {
    $controller = new static($container->get('pbi_export.export_server'));
    $controller->setStringTranslation($container->get('string_translation'));
    return $controller;
  }

  /**
   * Forwards api/reports, api/pages/{id}, api/filters/{id} and api/export.
   *
   * @throws \Symfony\Component\HttpKernel\Exception\NotFoundHttpException
   *   For every other path: the admin API is never forwarded, and export
   *   jobs have their own routes.
   */
  public function api(Request $request, string $resource, string $report_id = ''): Response {
    $path = ExportServer::apiPath($resource, $report_id);
    if ($path === NULL) {
      throw new NotFoundHttpException();
    }
    // The raw query string: Request::getQueryString() would merge repeated
    // filter values into one.
    $query = $resource === 'export' ? (string) $request->server->get('QUERY_STRING', '') : '';
    return $this->exportServer->forward($path, $query, $this->headers($request), TRUE);
  }

  /**
   * Forwards POST api/exports: a JSON body of at most MAX_JOB_BODY bytes.
   *
   * Only application/json is taken: another site's page cannot send it
   * without asking the browser first (CORS), which this route never allows.
   */
  public function createJob(Request $request): Response {
    $type = strtolower(trim(explode(';', (string) $request->headers->get('Content-Type', ''))[0]));
    if ($type !== 'application/json') {
      return $this->exportServer->problem(415, $this->t('An export job is asked for with a JSON body (Content-Type: application/json).'));
    }
    $length = (int) $request->headers->get('Content-Length', '0');
    $body = $length > self::MAX_JOB_BODY ? '' : (string) $request->getContent();
    if ($length > self::MAX_JOB_BODY || strlen($body) > self::MAX_JOB_BODY) {
      return $this->exportServer->problem(413, $this->t('The export request is larger than @bytes bytes.', ['@bytes' => self::MAX_JOB_BODY]));
    }
    $answer = $this->exportServer->forward(ExportServer::JOBS, '', $this->headers($request), TRUE, 'POST', $body);
    return $this->proxied($answer, $request);
  }

  /**
   * Forwards GET (the status) and DELETE of api/exports/{job_id}.
   *
   * @throws \Symfony\Component\HttpKernel\Exception\NotFoundHttpException
   *   For an id that is not a job id.
   */
  public function job(Request $request, string $job_id): Response {
    $method = $request->getMethod() === 'DELETE' ? 'DELETE' : 'GET';
    $answer = $this->exportServer->forward($this->jobPath($job_id, FALSE), '', $this->headers($request), TRUE, $method);
    return $this->proxied($answer, $request);
  }

  /**
   * Forwards GET api/exports/{job_id}/file, streamed as it arrives.
   *
   * @throws \Symfony\Component\HttpKernel\Exception\NotFoundHttpException
   *   For an id that is not a job id.
   */
  public function jobFile(Request $request, string $job_id): Response {
    return $this->exportServer->forward($this->jobPath($job_id, TRUE), '', $this->headers($request), TRUE, 'GET', NULL, TRUE);
  }

  /**
   * The server path of a job id from the browser, which is never a path.
   */
  protected function jobPath(string $job_id, bool $file): string {
    return ExportServer::jobPath($job_id, $file) ?? throw new NotFoundHttpException();
  }

  /**
   * The answer with the server's job addresses turned into this proxy's:
   * Location and every "…_url" field naming api/exports/…, so that a client
   * following them stays behind the proxy (the widget builds its own from
   * data-server).
   */
  protected function proxied(Response $answer, Request $request): Response {
    $base = rtrim($request->getBasePath(), '/') . WidgetEmbed::PROXY_PATH;
    $location = (string) $answer->headers->get('Location', '');
    if ($location !== '') {
      $answer->headers->set('Location', $base . $location);
    }
    $escaped = substr((string) json_encode($base, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), 1, -1);
    $content = preg_replace('{("[A-Za-z0-9]+_url"\s*:\s*")(' . preg_quote(ExportServer::JOBS, '{') . '/)}', '${1}' . addcslashes($escaped, '\\$') . '${2}', (string) $answer->getContent());
    $answer->setContent((string) $content);
    return $answer;
  }

  /**
   * Forwards the widget script, which the export server serves to anyone.
   */
  public function widget(Request $request): Response {
    return $this->exportServer->forward('/widget/pbi-export.js', '', $this->headers($request), FALSE);
  }

  /**
   * The request headers ExportServer may pass on.
   */
  protected function headers(Request $request): array {
    $headers = [];
    foreach (ExportServer::FORWARDED_REQUEST_HEADERS as $name) {
      $value = $request->headers->get($name);
      if ($value !== NULL) {
        $headers[$name] = $value;
      }
    }
    return $headers;
  }

}
