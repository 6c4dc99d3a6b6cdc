<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Tests\pbi_export\Support\Answer;
use Drupal\Tests\pbi_export\Support\RecordingClient;
use Drupal\Tests\pbi_export\Support\Site;
use PHPUnit\Framework\TestCase;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

/**
 * The proxy forwards the public read and export paths only, with the key.
 *
 * @covers \Drupal\pbi_export\Controller\ProxyController
 * @covers \Drupal\pbi_export\ExportServer
 */
class ProxyControllerTest extends TestCase {

  /**
   * @dataProvider allowedPaths
   */
  public function testForwardsTheAllowedPathsWithTheKey(string $resource, string $id, string $uri, string $upstream): void {
    $client = new RecordingClient();
    $site = new Site($client);
    $site->proxy()->api(Request::create($uri), $resource, $id);
    $this->assertCount(1, $client->requests);
    $this->assertSame('GET', $client->requests[0]['method']);
    $this->assertSame($upstream, $client->requests[0]['uri']);
    $this->assertSame(Site::KEY, $client->requests[0]['options']['headers']['X-API-Key']);
    $this->assertFalse($client->requests[0]['options']['http_errors']);
    $this->assertFalse($client->requests[0]['options']['allow_redirects']);
    $this->assertSame(90, $client->requests[0]['options']['timeout']);
    $this->assertSame(5, $client->requests[0]['options']['connect_timeout']);
  }

  public static function allowedPaths(): array {
    return [
      'reports' => ['reports', '', '/pbi-export/proxy/api/reports', 'http://exports.internal:8080/api/reports'],
      'pages' => ['pages', '3', '/pbi-export/proxy/api/pages/3', 'http://exports.internal:8080/api/pages/3'],
      'filters' => ['filters', '12', '/pbi-export/proxy/api/filters/12', 'http://exports.internal:8080/api/filters/12'],
      'export, the raw query with repeated filters' => [
        'export', '',
        '/pbi-export/proxy/api/export?report_id=1&page=ReportSection1&format=pdf&filter.region=North&filter.region=South&filter.year=2024&download=false',
        'http://exports.internal:8080/api/export?report_id=1&page=ReportSection1&format=pdf&filter.region=North&filter.region=South&filter.year=2024&download=false',
      ],
      'export, encoded values' => [
        'export', '',
        '/pbi-export/proxy/api/export?report_id=1&filter.City=S%C3%A3o%20Paulo&filter.Note=a%26b',
        'http://exports.internal:8080/api/export?report_id=1&filter.City=S%C3%A3o%20Paulo&filter.Note=a%26b',
      ],
    ];
  }

  public function testDoesNotPassAQueryToTheCatalogue(): void {
    $client = new RecordingClient();
    (new Site($client))->proxy()->api(Request::create('/pbi-export/proxy/api/reports?x=1'), 'reports', '');
    $this->assertSame('http://exports.internal:8080/api/reports', $client->requests[0]['uri']);
  }

  /**
   * @dataProvider refusedPaths
   */
  public function testRefusesEveryOtherPathWith404WithoutCallingTheServer(string $resource, string $id): void {
    $client = new RecordingClient();
    try {
      (new Site($client))->proxy()->api(Request::create('/pbi-export/proxy/api/' . $resource), $resource, $id);
      $this->fail("api/$resource/$id was forwarded");
    }
    catch (NotFoundHttpException $e) {
      $this->assertSame(404, $e->getStatusCode());
    }
    $this->assertSame([], $client->requests);
  }

  public static function refusedPaths(): array {
    return [
      'admin API' => ['admin', ''],
      'admin reports' => ['admin/reports', ''],
      'export jobs' => ['exports', ''],
      'a report id on reports' => ['reports', '1'],
      'a report id on export' => ['export', '1'],
      'pages without id' => ['pages', ''],
      'filters without id' => ['filters', ''],
      'id zero' => ['pages', '0'],
      'id not a number' => ['pages', 'abc'],
      'id with a path' => ['filters', '1/../../admin'],
      'traversal' => ['../admin', ''],
      'empty' => ['', ''],
    ];
  }

  public function testReturnsTheServersStatusBodyAndListedHeadersOnly(): void {
    $client = new RecordingClient([new Answer(200, [
      'Content-Type' => 'application/pdf',
      'Content-Disposition' => 'attachment; filename="Sales-Overview.pdf"',
      'ETag' => '"abc"',
      'X-Cache' => 'HIT',
      'Cache-Control' => 'no-cache, private',
      'Set-Cookie' => 'JSESSIONID=1',
      'X-Echo-Key' => Site::KEY,
      'Access-Control-Allow-Origin' => '*',
    ], "%PDF-1.7\n")]);
    $response = (new Site($client))->proxy()->api(Request::create('/pbi-export/proxy/api/export?report_id=1&format=pdf'), 'export', '');
    $this->assertSame(200, $response->getStatusCode());
    $this->assertSame("%PDF-1.7\n", $response->getContent());
    $this->assertSame('application/pdf', $response->headers->get('Content-Type'));
    $this->assertSame('attachment; filename="Sales-Overview.pdf"', $response->headers->get('Content-Disposition'));
    $this->assertSame('"abc"', $response->headers->get('ETag'));
    $this->assertSame('HIT', $response->headers->get('X-Cache'));
    $this->assertFalse($response->headers->has('Set-Cookie'));
    $this->assertFalse($response->headers->has('Access-Control-Allow-Origin'));
    $this->assertStringNotContainsString(Site::KEY, json_encode($response->headers->all()));
  }

  public function testPassesErrorsAndRetryAfterThrough(): void {
    $problem = '{"type":"/problems/queue-full","status":429,"detail":"Too many exports are waiting."}';
    $client = new RecordingClient([new Answer(429, ['Content-Type' => 'application/problem+json', 'Retry-After' => '12'], $problem)]);
    $response = (new Site($client))->proxy()->api(Request::create('/pbi-export/proxy/api/export?report_id=1'), 'export', '');
    $this->assertSame(429, $response->getStatusCode());
    $this->assertSame($problem, $response->getContent());
    $this->assertSame('12', $response->headers->get('Retry-After'));
    $this->assertSame('application/problem+json', $response->headers->get('Content-Type'));
  }

  public function testForwardsAcceptAndIfNoneMatchButNotTheBrowsersCredentials(): void {
    $client = new RecordingClient();
    $request = Request::create('/pbi-export/proxy/api/export?report_id=1', 'GET', [], [], [], [
      'HTTP_ACCEPT' => 'image/png',
      'HTTP_IF_NONE_MATCH' => '"abc"',
      'HTTP_COOKIE' => 'SESSabc=drupal-session',
      'HTTP_AUTHORIZATION' => 'Basic YWRtaW46YWRtaW4=',
      'HTTP_X_API_KEY' => 'a-key-from-the-browser',
      'HTTP_ORIGIN' => 'https://evil.example',
    ]);
    (new Site($client))->proxy()->api($request, 'export', '');
    $this->assertSame(
      ['Accept' => 'image/png', 'If-None-Match' => '"abc"', 'X-API-Key' => Site::KEY],
      $client->requests[0]['options']['headers'],
    );
  }

  public function testSendsNoKeyHeaderWhenNoneIsSaved(): void {
    $client = new RecordingClient();
    (new Site($client, ['api_key' => '']))->proxy()->api(Request::create('/pbi-export/proxy/api/reports'), 'reports', '');
    $this->assertArrayNotHasKey('X-API-Key', $client->requests[0]['options']['headers']);
  }

  public function testFetchesTheWidgetScriptWithoutTheKey(): void {
    $client = new RecordingClient([new Answer(200, ['Content-Type' => 'text/javascript', 'Cache-Control' => 'max-age=3600'], '/* widget */')]);
    $response = (new Site($client))->proxy()->widget(Request::create('/pbi-export/proxy/widget/pbi-export.js?v=1'));
    $this->assertSame('http://exports.internal:8080/widget/pbi-export.js', $client->requests[0]['uri']);
    $this->assertArrayNotHasKey('X-API-Key', $client->requests[0]['options']['headers']);
    $this->assertSame('/* widget */', $response->getContent());
    $this->assertSame('text/javascript', $response->headers->get('Content-Type'));
    $this->assertSame('max-age=3600', $response->headers->get('Cache-Control'));
  }

  public function testAnUnreachableServerIsA502InWordsWithoutTheKeyOrTheAddress(): void {
    $site = new Site(RecordingClient::refusing());
    $response = $site->proxy()->api(Request::create('/pbi-export/proxy/api/reports'), 'reports', '');
    $this->assertSame(502, $response->getStatusCode());
    $this->assertSame('application/problem+json', $response->headers->get('Content-Type'));
    $problem = json_decode($response->getContent(), TRUE);
    $this->assertSame(502, $problem['status']);
    $this->assertStringStartsWith('The export server could not be reached.', $problem['detail']);
    $this->assertStringNotContainsString(Site::KEY, $response->getContent());
    $this->assertStringNotContainsString('exports.internal', $response->getContent());
    $this->assertContains('The export server could not be reached. Try again later, or ask an administrator to check the pbi-export settings.', $site->translation->asked);
  }

  public function testAnUnconfiguredServerIsA503InWordsAndNoRequest(): void {
    $client = new RecordingClient();
    $response = (new Site($client, ['server_url' => '']))->proxy()->api(Request::create('/pbi-export/proxy/api/reports'), 'reports', '');
    $this->assertSame(503, $response->getStatusCode());
    $this->assertStringContainsString('not configured yet', json_decode($response->getContent(), TRUE)['detail']);
    $this->assertSame([], $client->requests);
  }

  public function testTheTimeLimitComesFromTheSettings(): void {
    $client = new RecordingClient();
    (new Site($client, ['timeout' => 300, 'server_url' => 'https://exports.internal/']))->proxy()->api(Request::create('/x'), 'reports', '');
    $this->assertSame(300, $client->requests[0]['options']['timeout']);
    $this->assertSame('https://exports.internal/api/reports', $client->requests[0]['uri']);
  }

}
