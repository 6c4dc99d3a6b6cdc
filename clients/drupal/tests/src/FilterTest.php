<?php

namespace Drupal\Tests\pbi_export;

use Drupal\filter\Attribute\Filter;
use Drupal\filter\Plugin\FilterInterface;
use Drupal\pbi_export\Plugin\Filter\PbiExportFilter;
use Drupal\Tests\pbi_export\Support\RecordingClient;
use Drupal\Tests\pbi_export\Support\Site;
use PHPUnit\Framework\TestCase;

/**
 * The text format filter that turns [pbi_export …] tags into widgets.
 *
 * @covers \Drupal\pbi_export\Plugin\Filter\PbiExportFilter
 * @covers \Drupal\pbi_export\WidgetEmbed
 */
class FilterTest extends TestCase {

  private Site $site;

  protected function setUp(): void {
    $this->site = new Site(new RecordingClient());
  }

  private function filter(): PbiExportFilter {
    $filter = PbiExportFilter::create($this->site->container(), [], 'pbi_export_embed', ['provider' => 'pbi_export']);
    $filter->setStringTranslation($this->site->translation);
    return $filter;
  }

  private function process(string $text): string {
    return $this->filter()->process($text, 'en')->getProcessedText();
  }

  /**
   * The elements of an HTML fragment, as a browser would parse them.
   */
  private function elements(string $html): \DOMNodeList {
    $document = new \DOMDocument();
    $document->loadHTML('<?xml encoding="UTF-8"><body>' . $html . '</body>', LIBXML_NOERROR | LIBXML_NOWARNING);
    return $document->getElementsByTagName('*');
  }

  public function testTurnsATagIntoTheWidget(): void {
    $result = $this->filter()->process('<p>Sales:</p><p>[pbi_export report="1" page="ReportSection1" formats="png,pdf"]</p><p>End</p>', 'en');
    $this->assertSame(
      '<p>Sales:</p><div class="pbi-export-widget" data-pbi-export data-report-id="1" data-server="/pbi-export/proxy" data-formats="png,pdf" data-page="ReportSection1">Loading the report export…</div><p>End</p>',
      $result->getProcessedText(),
    );
    $this->assertSame(['library' => ['pbi_export/widget']], $result->getAttachments());
    $this->assertContains('config:pbi_export.settings', $result->getCacheTags());
  }

  public function testATagInsideTextKeepsTheText(): void {
    $html = $this->process("<p>See [pbi_export report='2' formats='pdf'] below</p>");
    $this->assertSame('<p>See <div class="pbi-export-widget" data-pbi-export data-report-id="2" data-server="/pbi-export/proxy" data-formats="pdf">Loading the report export…</div> below</p>', $html);
  }

  public function testQuotesStoredAsEntitiesWork(): void {
    $html = $this->process('[pbi_export report=&quot;3&quot;]');
    $this->assertStringContainsString('data-report-id="3"', $html);
    $this->assertStringContainsString('data-formats="png,pdf"', $html);
  }

  public function testSeveralTagsMakeSeveralWidgets(): void {
    $html = $this->process('[pbi_export report="1"] and [pbi_export report="2"]');
    $this->assertSame(2, substr_count($html, 'data-pbi-export'));
  }

  public function testTextWithoutTagsIsLeftAloneAndLoadsNoScript(): void {
    $text = '<p>[pbi_exporter report="1"] [other] pbi_export report="1"</p>';
    $result = $this->filter()->process($text, 'en');
    $this->assertSame($text, $result->getProcessedText());
    $this->assertSame([], $result->getAttachments());
  }

  /**
   * @dataProvider hostileTags
   */
  public function testHostileAttributesLeaveAnEscapedNoteAndNoMarkup(string $tag, string $problem): void {
    $result = $this->filter()->process('<p>' . $tag . '</p>', 'en');
    $html = $result->getProcessedText();
    $this->assertStringNotContainsString('data-pbi-export', $html);
    $this->assertSame([], $result->getAttachments());
    $names = array_map(fn(\DOMElement $element) => $element->nodeName, iterator_to_array($this->elements($html)));
    $this->assertSame(['html', 'body', 'p'], $names, $html);
    $this->assertStringNotContainsString('<script', $html);
    $this->assertStringStartsWith('<p class="pbi-export-error">This pbi-export tag was not shown:', $html);
    $this->assertStringContainsString($problem, $html);
  }

  public static function hostileTags(): array {
    $syntax = 'Write it as [pbi_export report=&quot;1&quot; page=&quot;ReportSection1&quot; formats=&quot;png,pdf&quot;].';
    return [
      'quote breaking out' => ['[pbi_export report="1\"><script>alert(1)</script>"]', $syntax],
      'markup in the report' => ['[pbi_export report="1<img src=x onerror=alert(1)>"]', 'The report id must be a positive whole number'],
      'markup in the page' => ['[pbi_export report="1" page="<script>alert(1)</script>"]', 'The page must be an internal page name'],
      'entity-encoded markup' => ['[pbi_export report="1" page="&lt;script&gt;"]', 'The page must be an internal page name'],
      'event handler attribute' => ['[pbi_export report="1" onmouseover="alert(1)"]', 'It takes each of report, page and formats at most once'],
      'unknown format' => ['[pbi_export report="1" formats="png,svg"]', 'The formats must be png, pdf'],
      'missing report' => ['[pbi_export page="ReportSection1"]', 'The report id must be'],
      'repeated report' => ['[pbi_export report="1" report="2"]', 'at most once'],
    ];
  }

  public function testTheNoteShowsTheTagAsTextEscapedOnce(): void {
    $html = $this->process('[pbi_export report="1\"><script>"]');
    $this->assertStringContainsString('[pbi_export report=&quot;1\&quot;&gt;&lt;script&gt;&quot;]', $html);
    $this->assertStringNotContainsString('&amp;', $html);
  }

  public function testEveryAttributeValueIsEscaped(): void {
    // The only value not checked against a pattern: the site's base path.
    $this->site = new Site(new RecordingClient(), [], '/a"><script>x</script>/index.php');
    $html = $this->process('[pbi_export report="1"]');
    $this->assertStringContainsString('data-server="/a&quot;&gt;&lt;script&gt;x&lt;/script&gt;/pbi-export/proxy"', $html);
    $this->assertSame(['html', 'body', 'div'], array_map(fn(\DOMElement $element) => $element->nodeName, iterator_to_array($this->elements($html))));
  }

  public function testTheKeyNeverReachesTheText(): void {
    $html = $this->process('[pbi_export report="1"][pbi_export report="x"]');
    $this->assertStringNotContainsString(Site::KEY, $html);
    $this->assertStringNotContainsString('exports.internal', $html);
  }

  public function testTipsShowTheSyntax(): void {
    $this->assertStringContainsString('[pbi_export report=&quot;1&quot; page=&quot;ReportSection1&quot; formats=&quot;png,pdf&quot;]', (string) $this->filter()->tips());
  }

  public function testTheAttributeAndTheAnnotationDefineTheSameFilter(): void {
    $class = new \ReflectionClass(PbiExportFilter::class);
    $attribute = $class->getAttributes(Filter::class)[0]->newInstance();
    $this->assertSame('pbi_export_embed', $attribute->id);
    $this->assertSame(FilterInterface::TYPE_TRANSFORM_REVERSIBLE, $attribute->type);
    $this->assertMatchesRegularExpression('/@Filter\(\s*\*\s*id = "pbi_export_embed",/', $class->getDocComment());
    $this->assertStringContainsString('type = Drupal\filter\Plugin\FilterInterface::TYPE_TRANSFORM_REVERSIBLE', $class->getDocComment());
  }

}
