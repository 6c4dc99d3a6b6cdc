<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Tests\pbi_export\Support\Site;
use Drupal\Tests\pbi_export\Support\StreamClient;
use Drupal\Tests\pbi_export\Support\Upstream;
use PHPUnit\Framework\TestCase;
use Symfony\Component\HttpFoundation\Request;

/**
 * The proxy against a real HTTP server: a stand-in of pbi-export run by
 * `php -S` on loopback, reached with real HTTP (PHP streams).
 *
 * @covers \Drupal\pbi_export\Controller\ProxyController
 * @covers \Drupal\pbi_export\ExportServer
 */
class ProxyOverHttpTest extends TestCase {

  private static Upstream $upstream;

  public static function setUpBeforeClass(): void {
    self::$upstream = Upstream::start(Site::KEY);
  }

  public static function tearDownAfterClass(): void {
    self::$upstream->stop();
  }

  private function site(array $settings = []): Site {
    return new Site(new StreamClient(), $settings + ['server_url' => self::$upstream->url, 'timeout' => 10]);
  }

  private function lastRequest(): array {
    $requests = self::$upstream->requests();
    return end($requests);
  }

  public function testListsReportsWithTheKey(): void {
    $response = $this->site()->proxy()->api(Request::create('/pbi-export/proxy/api/reports'), 'reports', '');
    $this->assertSame(200, $response->getStatusCode());
    $this->assertSame('application/json', $response->headers->get('Content-Type'));
    $this->assertSame('Sales demo', json_decode($response->getContent(), TRUE)['reports'][0]['title']);
    $this->assertSame(Site::KEY, $this->lastRequest()['key']);
    $this->assertSame('/api/reports', $this->lastRequest()['path']);
  }

  public function testPassesTheServersRefusalOfAWrongKey(): void {
    $response = $this->site(['api_key' => 'wrong'])->proxy()->api(Request::create('/pbi-export/proxy/api/pages/1'), 'pages', '1');
    $this->assertSame(401, $response->getStatusCode());
    $this->assertSame('application/problem+json', $response->headers->get('Content-Type'));
    $this->assertSame('/problems/invalid-api-key', json_decode($response->getContent(), TRUE)['type']);
  }

  public function testPassesAnUnknownReportThrough(): void {
    $response = $this->site()->proxy()->api(Request::create('/pbi-export/proxy/api/filters/99'), 'filters', '99');
    $this->assertSame(404, $response->getStatusCode());
    $this->assertSame('/problems/unknown-report', json_decode($response->getContent(), TRUE)['type']);
  }

  public function testExportsAFileWithRepeatedFiltersAndItsHeaders(): void {
    $query = 'report_id=1&page=ReportSection1&format=png&filter.region=North&filter.region=South&download=false';
    $request = Request::create('/pbi-export/proxy/api/export?' . $query, 'GET', [], [], [], ['HTTP_ACCEPT' => 'image/png', 'HTTP_COOKIE' => 'SESS1=drupal']);
    $response = $this->site()->proxy()->api($request, 'export', '');
    $this->assertSame(200, $response->getStatusCode());
    $this->assertStringStartsWith("\x89PNG\r\n\x1a\n", $response->getContent());
    $this->assertSame('image/png', $response->headers->get('Content-Type'));
    $this->assertSame('attachment; filename="Sales demo-Overview.png"', $response->headers->get('Content-Disposition'));
    $this->assertSame('"' . sha1($query) . '"', $response->headers->get('ETag'));
    $this->assertSame('MISS', $response->headers->get('X-Cache'));
    $this->assertFalse($response->headers->has('Set-Cookie'));
    $this->assertFalse($response->headers->has('X-Echo-Key'));
    $seen = $this->lastRequest();
    $this->assertSame($query, $seen['query']);
    $this->assertSame('image/png', $seen['accept']);
    $this->assertNull($seen['cookie']);
    $this->assertSame(Site::KEY, $seen['key']);
  }

  public function testANotModifiedAnswerStaysNotModified(): void {
    $query = 'report_id=1&format=pdf';
    $request = Request::create('/pbi-export/proxy/api/export?' . $query, 'GET', [], [], [], ['HTTP_IF_NONE_MATCH' => '"' . sha1($query) . '"']);
    $response = $this->site()->proxy()->api($request, 'export', '');
    $this->assertSame(304, $response->getStatusCode());
    $this->assertSame('', $response->getContent());
  }

  public function testAFullQueueKeepsItsRetryAfter(): void {
    $response = $this->site()->proxy()->api(Request::create('/pbi-export/proxy/api/export?report_id=7'), 'export', '');
    $this->assertSame(429, $response->getStatusCode());
    $this->assertSame('12', $response->headers->get('Retry-After'));
  }

  public function testTheWidgetScriptIsFetchedWithoutTheKey(): void {
    $response = $this->site()->proxy()->widget(Request::create('/pbi-export/proxy/widget/pbi-export.js'));
    $this->assertSame(200, $response->getStatusCode());
    $this->assertStringContainsString('window.PbiExport', $response->getContent());
    $this->assertSame('max-age=3600', $response->headers->get('Cache-Control'));
    $this->assertNull($this->lastRequest()['key']);
  }

  public function testAServerThatIsDownIsA502WithoutTheKey(): void {
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $closed = 'http://' . stream_socket_get_name($socket, FALSE);
    fclose($socket);
    $started = microtime(TRUE);
    $response = $this->site(['server_url' => $closed])->proxy()->api(Request::create('/pbi-export/proxy/api/reports'), 'reports', '');
    $this->assertLessThan(6, microtime(TRUE) - $started);
    $this->assertSame(502, $response->getStatusCode());
    $this->assertStringNotContainsString(Site::KEY, $response->getContent());
  }

  public function testAJobIsQueuedFollowedStreamedAndDeletedOverHttp(): void {
    $proxy = $this->site()->proxy();
    $body = '{"report_id":1,"format":"pdf","filters":{"region":["North","South"]}}';
    $queued = $proxy->createJob(Request::create('/pbi-export/proxy/api/exports', 'POST', [], [], [], [
      'CONTENT_TYPE' => 'application/json',
      'HTTP_COOKIE' => 'SESS1=drupal',
    ], $body));
    $this->assertSame(202, $queued->getStatusCode());
    $this->assertSame('/pbi-export/proxy/api/exports/job-1', $queued->headers->get('Location'));
    $this->assertSame('/pbi-export/proxy/api/exports/job-1', json_decode($queued->getContent(), TRUE)['status_url']);
    $seen = $this->lastRequest();
    $this->assertSame(['POST', '/api/exports', 'application/json', $body, Site::KEY, NULL],
      [$seen['method'], $seen['path'], $seen['content_type'], $seen['body'], $seen['key'], $seen['cookie']]);

    $status = $proxy->job(Request::create('/pbi-export/proxy/api/exports/job-1'), 'job-1');
    $this->assertSame('/pbi-export/proxy/api/exports/job-1/file', json_decode($status->getContent(), TRUE)['file_url']);

    $before = memory_get_usage();
    $file = $proxy->jobFile(Request::create('/pbi-export/proxy/api/exports/job-1/file'), 'job-1');
    $this->assertSame(200, $file->getStatusCode());
    $this->assertSame('application/pdf', $file->headers->get('Content-Type'));
    $this->assertSame('attachment; filename="Sales demo.pdf"', $file->headers->get('Content-Disposition'));
    $this->assertSame('1048585', $file->headers->get('Content-Length'));
    $this->assertFalse($file->headers->has('Set-Cookie'));
    $peak = 0;
    $sent = '';
    ob_start(function (string $piece) use (&$sent, &$peak, $before): string {
      $sent .= $piece;
      $peak = max($peak, memory_get_usage() - $before - strlen($sent));
      return '';
    }, 65536);
    $file->sendContent();
    ob_end_clean();
    $this->assertSame(1048585, strlen($sent));
    $this->assertStringStartsWith("%PDF-1.7\n", $sent);
    $direct = file_get_contents(self::$upstream->url . '/api/exports/job-1/file', FALSE, stream_context_create(['http' => ['header' => 'X-API-Key: ' . Site::KEY]]));
    $this->assertSame(sha1($direct), sha1($sent), 'the bytes the server sent');
    $this->assertLessThan(512 * 1024, $peak, 'the proxy held no more than pieces of the file');
    $this->assertSame(Site::KEY, $this->lastRequest()['key']);

    $deleted = $proxy->job(Request::create('/pbi-export/proxy/api/exports/job-1', 'DELETE'), 'job-1');
    $this->assertSame(204, $deleted->getStatusCode());
    $this->assertSame(['DELETE', '/api/exports/job-1'], [$this->lastRequest()['method'], $this->lastRequest()['path']]);
  }

}
