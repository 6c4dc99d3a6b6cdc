<?php

namespace Drupal\Tests\pbi_export;

use Drupal\Core\Block\Attribute\Block;
use Drupal\Core\Form\FormState;
use Drupal\pbi_export\Plugin\Block\PbiExportBlock;
use Drupal\Tests\pbi_export\Support\RecordingClient;
use Drupal\Tests\pbi_export\Support\Site;
use PHPUnit\Framework\TestCase;

/**
 * The block: its configuration form and the widget it renders.
 *
 * @covers \Drupal\pbi_export\Plugin\Block\PbiExportBlock
 * @covers \Drupal\pbi_export\WidgetEmbed
 */
class BlockTest extends TestCase {

  private Site $site;

  protected function setUp(): void {
    $this->site = new Site(new RecordingClient(), [], '/intranet/index.php');
  }

  private function block(array $configuration = []): PbiExportBlock {
    $block = PbiExportBlock::create($this->site->container(), $configuration, 'pbi_export_widget', ['provider' => 'pbi_export']);
    $block->setStringTranslation($this->site->translation);
    return $block;
  }

  private function submitted(PbiExportBlock $block, array $values): FormState {
    $state = (new FormState())->setValues($values + ['label' => 'Sales', 'page' => '', 'formats' => ['png' => 0, 'pdf' => 0]]);
    $form = $block->buildConfigurationForm([], $state);
    $block->validateConfigurationForm($form, $state);
    $block->submitConfigurationForm($form, $state);
    return $state;
  }

  public function testTheFormAsksForReportPageAndFormats(): void {
    $form = $this->block(['report_id' => 4, 'page' => 'ReportSection2', 'formats' => ['pdf']])->buildConfigurationForm([], new FormState());
    $this->assertSame('number', $form['report_id']['#type']);
    $this->assertSame(4, $form['report_id']['#default_value']);
    $this->assertTrue($form['report_id']['#required']);
    $this->assertSame('ReportSection2', $form['page']['#default_value']);
    $this->assertSame(['pdf'], $form['formats']['#default_value']);
    $this->assertSame(['png', 'pdf', 'pptx', 'zip'], array_keys($form['formats']['#options']));
  }

  /**
   * @dataProvider badReportIds
   */
  public function testRefusesAReportIdThatIsNotAPositiveWholeNumber(string $report_id): void {
    $block = $this->block(['report_id' => 2]);
    $state = $this->submitted($block, ['report_id' => $report_id]);
    $this->assertSame(['report_id'], array_keys($state->getErrors()));
    $this->assertSame('The report id must be a positive whole number, such as 1.', (string) $state->getErrors()['report_id']);
    $this->assertSame(2, $block->getConfiguration()['report_id']);
  }

  public static function badReportIds(): array {
    return [['0'], ['-3'], ['1.5'], ['abc'], [''], ['1e3'], ['99999999999999999999']];
  }

  public function testRefusesAPageThatIsNotAPageName(): void {
    $state = $this->submitted($this->block(), ['report_id' => '1', 'page' => 'x" onmouseover="alert(1)']);
    $this->assertSame(['page'], array_keys($state->getErrors()));
  }

  public function testSavesTheChoice(): void {
    $block = $this->block();
    $state = $this->submitted($block, ['report_id' => ' 7 ', 'page' => 'ReportSection1', 'formats' => ['png' => 0, 'pdf' => 'pdf']]);
    $this->assertSame([], $state->getErrors());
    $configuration = $block->getConfiguration();
    $this->assertSame(7, $configuration['report_id']);
    $this->assertSame('ReportSection1', $configuration['page']);
    $this->assertSame(['pdf'], $configuration['formats']);
    $this->assertSame('Sales', $configuration['label']);
  }

  public function testBuildsTheWidgetPointedAtTheProxyWithoutTheKey(): void {
    $build = $this->block(['report_id' => 7, 'page' => 'ReportSection1', 'formats' => ['pdf']])->build();
    $this->assertSame('html_tag', $build['#type']);
    $this->assertSame('div', $build['#tag']);
    $this->assertSame([
      'class' => ['pbi-export-widget'],
      'data-pbi-export' => '',
      'data-report-id' => '7',
      'data-server' => '/intranet/pbi-export/proxy',
      'data-formats' => 'pdf',
      'data-page' => 'ReportSection1',
    ], $build['#attributes']);
    $this->assertSame(['pbi_export/widget'], $build['#attached']['library']);
    $this->assertContains('config:pbi_export.settings', $build['#cache']['tags']);
    $this->assertContains('url.site', $build['#cache']['contexts']);
    $this->assertStringNotContainsString(Site::KEY, serialize($build));
    $this->assertStringNotContainsString('exports.internal', serialize($build), 'the page needs no address of the export server');
  }

  public function testWithoutFormatsTheWidgetTakesTheSiteDefault(): void {
    $this->site->config->data['pbi_export.settings']['default_formats'] = ['png'];
    $build = $this->block(['report_id' => 1])->build();
    $this->assertSame('png', $build['#attributes']['data-formats']);
    $this->assertArrayNotHasKey('data-page', $build['#attributes']);
  }

  public function testAnInvalidSavedConfigurationShowsWordsNotAWidget(): void {
    $build = $this->block(['report_id' => 0])->build();
    $this->assertArrayNotHasKey('#attached', $build);
    $this->assertSame('This pbi-export block needs a valid report id in its settings.', (string) $build['#markup']);
  }

  public function testCacheTagsDependOnTheSettings(): void {
    $this->assertSame(['config:pbi_export.settings'], $this->block(['report_id' => 1])->getCacheTags());
  }

  public function testTheAttributeAndTheAnnotationDefineTheSamePlugin(): void {
    $class = new \ReflectionClass(PbiExportBlock::class);
    $attribute = $class->getAttributes(Block::class)[0]->newInstance();
    $this->assertSame('pbi_export_widget', $attribute->id);
    $this->assertSame('pbi-export report', $attribute->admin_label->getUntranslatedString());
    $this->assertMatchesRegularExpression('/@Block\(\s*\*\s*id = "pbi_export_widget",\s*\*\s*admin_label = @Translation\("pbi-export report"\)/', $class->getDocComment());
  }

}
