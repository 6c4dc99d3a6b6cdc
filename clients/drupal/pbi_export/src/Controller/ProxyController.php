<?php

namespace Drupal\pbi_export\Controller;

use Drupal\Core\Controller\ControllerBase;
use Drupal\pbi_export\ExportServer;
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
   * Constructs the proxy controller.
   */
  public function __construct(protected ExportServer $exportServer) {}

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container) {
    return new static($container->get('pbi_export.export_server'));
  }

  /**
   * Forwards api/reports, api/pages/{id}, api/filters/{id} and api/export.
   *
   * @throws \Symfony\Component\HttpKernel\Exception\NotFoundHttpException
   *   For every other path: the admin API and export jobs are never
   *   forwarded.
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
