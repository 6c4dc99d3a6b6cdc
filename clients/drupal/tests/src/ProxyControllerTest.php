<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Tests\pbi_export\Support\Answer;
use Drupal\Tests\pbi_export\Support\RecordingClient;
use Drupal\Tests\pbi_export\Support\Site;
use PHPUnit\Framework\TestCase;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\StreamedResponse;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

/**
 * The proxy forwards the public read and export paths and export jobs only,
 * with the key.
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
      'export jobs through the catalogue route' => ['exports', ''],
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

  private const JOB = '3f0c2b8e-6d1a-4c3e-9f00-0123456789ab';

  private static function jobRequest(string $body, string $type = 'application/json'): Request {
    return Request::create('/intranet/pbi-export/proxy/api/exports', 'POST', [], [], [], [
      'CONTENT_TYPE' => $type,
      'SCRIPT_NAME' => '/intranet/index.php',
      'HTTP_ACCEPT' => 'application/json',
      'HTTP_COOKIE' => 'SESSabc=drupal-session',
      'HTTP_X_API_KEY' => 'a-key-from-the-browser',
    ], $body);
  }

  public function testQueuesAJobWithTheJsonBodyAndTurnsItsAddressesIntoTheProxys(): void {
    $body = '{"report_id":1,"format":"pdf","filters":{"Region":["North","Côte d\'Azur"]},"each":"Year"}';
    $client = new RecordingClient([new Answer(202, [
      'Content-Type' => 'application/json',
      'Location' => '/api/exports/' . self::JOB,
      'Set-Cookie' => 'JSESSIONID=1',
    ], '{"job_id":"' . self::JOB . '","status":"queued","status_url":"/api/exports/' . self::JOB . '"}')]);
    $response = (new Site($client))->proxy()->createJob(self::jobRequest($body));

    $this->assertCount(1, $client->requests);
    $this->assertSame('POST', $client->requests[0]['method']);
    $this->assertSame('http://exports.internal:8080/api/exports', $client->requests[0]['uri']);
    $this->assertSame($body, $client->requests[0]['options']['body']);
    $this->assertSame(
      ['Accept' => 'application/json', 'X-API-Key' => Site::KEY, 'Content-Type' => 'application/json'],
      $client->requests[0]['options']['headers'],
    );
    $this->assertArrayNotHasKey('stream', $client->requests[0]['options']);

    $this->assertSame(202, $response->getStatusCode());
    $this->assertSame('/intranet/pbi-export/proxy/api/exports/' . self::JOB, $response->headers->get('Location'));
    $this->assertSame(
      ['job_id' => self::JOB, 'status' => 'queued', 'status_url' => '/intranet/pbi-export/proxy/api/exports/' . self::JOB],
      json_decode($response->getContent(), TRUE),
    );
    $this->assertFalse($response->headers->has('Set-Cookie'));
    $this->assertStringNotContainsString(Site::KEY, $response->getContent() . json_encode($response->headers->all()));
  }

  public function testTheStatusNamesTheFileThroughTheProxyAndKeepsTheRest(): void {
    $status = '{"job_id":"' . self::JOB . '","status":"done","progress":1.0,"file_url":"/api/exports/' . self::JOB . '/file",'
      . '"error":null,"values":{"total":2,"done":2,"failed":[]},"note":"/api/exports/x stays"}';
    $client = new RecordingClient([new Answer(200, ['Content-Type' => 'application/json'], $status)]);
    $response = (new Site($client))->proxy()->job(Request::create('/pbi-export/proxy/api/exports/' . self::JOB), self::JOB);
    $this->assertSame('GET', $client->requests[0]['method']);
    $this->assertSame('http://exports.internal:8080/api/exports/' . self::JOB, $client->requests[0]['uri']);
    $this->assertSame(Site::KEY, $client->requests[0]['options']['headers']['X-API-Key']);
    $this->assertSame(str_replace('"file_url":"/api/', '"file_url":"/pbi-export/proxy/api/', $status), $response->getContent());
    $this->assertSame('application/json', $response->headers->get('Content-Type'));
  }

  public function testDeletesAJob(): void {
    $client = new RecordingClient([new Answer(204, [], '')]);
    $request = Request::create('/pbi-export/proxy/api/exports/' . self::JOB, 'DELETE');
    $response = (new Site($client))->proxy()->job($request, self::JOB);
    $this->assertSame('DELETE', $client->requests[0]['method']);
    $this->assertSame('http://exports.internal:8080/api/exports/' . self::JOB, $client->requests[0]['uri']);
    $this->assertSame(Site::KEY, $client->requests[0]['options']['headers']['X-API-Key']);
    $this->assertSame(204, $response->getStatusCode());
  }

  public function testAServersRedirectIsNotPassedOn(): void {
    $client = new RecordingClient([new Answer(302, ['Location' => 'http://exports.internal:8080/login'], '')]);
    $response = (new Site($client))->proxy()->job(Request::create('/pbi-export/proxy/api/exports/' . self::JOB), self::JOB);
    $this->assertFalse($response->headers->has('Location'));
  }

  /**
   * @dataProvider refusedJobBodies
   */
  public function testRefusesABodyThatIsNotJsonOrTooLargeWithoutCallingTheServer(string $type, string $body, int $status, string $words): void {
    $client = new RecordingClient();
    $response = (new Site($client))->proxy()->createJob(self::jobRequest($body, $type));
    $this->assertSame($status, $response->getStatusCode());
    $this->assertSame('application/problem+json', $response->headers->get('Content-Type'));
    $problem = json_decode($response->getContent(), TRUE);
    $this->assertSame($status, $problem['status']);
    $this->assertStringContainsString($words, $problem['detail']);
    $this->assertSame([], $client->requests);
  }

  public static function refusedJobBodies(): array {
    return [
      'a form' => ['application/x-www-form-urlencoded', 'report_id=1', 415, 'JSON body'],
      'plain text (a cross-site form can send it)' => ['text/plain', '{"report_id":1}', 415, 'JSON body'],
      'no type' => ['', '{"report_id":1}', 415, 'JSON body'],
      'too large' => ['application/json', '{"report_id":1,"x":"' . str_repeat('a', 65536) . '"}', 413, 'larger than 65536 bytes'],
    ];
  }

  public function testJsonWithACharsetIsJson(): void {
    $client = new RecordingClient();
    (new Site($client))->proxy()->createJob(self::jobRequest('{"report_id":1}', 'application/json; charset=UTF-8'));
    $this->assertCount(1, $client->requests);
  }

  /**
   * @dataProvider badJobIds
   */
  public function testRefusesIdsThatAreNotJobIdsWithoutCallingTheServer(string $id, bool $file): void {
    $client = new RecordingClient();
    try {
      $proxy = (new Site($client))->proxy();
      $request = Request::create('/pbi-export/proxy/api/exports/x');
      $file ? $proxy->jobFile($request, $id) : $proxy->job($request, $id);
      $this->fail("job id '$id' was forwarded");
    }
    catch (NotFoundHttpException $e) {
      $this->assertSame(404, $e->getStatusCode());
    }
    $this->assertSame([], $client->requests);
  }

  public static function badJobIds(): array {
    return [
      'traversal' => ['../admin/api-keys', FALSE],
      'a path' => [self::JOB . '/file', FALSE],
      'empty' => ['', TRUE],
      'a leading dash' => ['-x', FALSE],
      'a query' => ['x?report_id=1', TRUE],
      'a new line' => ["x\n", TRUE],
      'too long' => [str_repeat('a', 65), FALSE],
      'encoded slash' => ['x%2F..', TRUE],
    ];
  }

  public function testStreamsTheJobFileInPiecesWithItsHeaders(): void {
    $pdf = "%PDF-1.7\n" . random_bytes(300000);
    $answer = new Answer(200, [
      'Content-Type' => 'application/pdf',
      'Content-Disposition' => 'attachment; filename="Sales demo.pdf"',
      'Content-Length' => (string) strlen($pdf),
      'X-Cache' => 'MISS',
      'Set-Cookie' => 'JSESSIONID=1',
      'X-Echo-Key' => Site::KEY,
    ], $pdf);
    $client = new RecordingClient([$answer]);
    $response = (new Site($client))->proxy()->jobFile(Request::create('/pbi-export/proxy/api/exports/' . self::JOB . '/file'), self::JOB);

    $this->assertSame('http://exports.internal:8080/api/exports/' . self::JOB . '/file', $client->requests[0]['uri']);
    $this->assertTrue($client->requests[0]['options']['stream']);
    $this->assertSame(Site::KEY, $client->requests[0]['options']['headers']['X-API-Key']);
    $this->assertInstanceOf(StreamedResponse::class, $response);
    $this->assertSame(0, $answer->reads, 'nothing is read before the response is sent');
    $this->assertSame('application/pdf', $response->headers->get('Content-Type'));
    $this->assertSame('attachment; filename="Sales demo.pdf"', $response->headers->get('Content-Disposition'));
    $this->assertSame((string) strlen($pdf), $response->headers->get('Content-Length'));
    $this->assertSame('MISS', $response->headers->get('X-Cache'));
    $this->assertFalse($response->headers->has('Set-Cookie'));
    $this->assertFalse($response->headers->has('X-Echo-Key'));

    ob_start();
    $response->sendContent();
    $sent = ob_get_clean();
    $this->assertSame($pdf, $sent);
    $this->assertSame(5, $answer->reads, '300 kB in pieces of 64 KiB');
  }

  public function testAJobFileStillRunningIsTheServersConflict(): void {
    $problem = '{"type":"/problems/conflict","status":409,"detail":"Export job x has not finished yet; follow /api/exports/x until it is done."}';
    $client = new RecordingClient([new Answer(409, ['Content-Type' => 'application/problem+json'], $problem)]);
    $response = (new Site($client))->proxy()->jobFile(Request::create('/x'), self::JOB);
    $this->assertSame(409, $response->getStatusCode());
    ob_start();
    $response->sendContent();
    $this->assertSame($problem, ob_get_clean());
  }

  public function testAnUnreachableServerIsA502ForJobsToo(): void {
    $response = (new Site(RecordingClient::refusing()))->proxy()->createJob(self::jobRequest('{"report_id":1}'));
    $this->assertSame(502, $response->getStatusCode());
    $this->assertStringNotContainsString('exports.internal', $response->getContent());
  }

}
