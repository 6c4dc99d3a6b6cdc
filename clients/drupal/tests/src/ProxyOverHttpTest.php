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

}
