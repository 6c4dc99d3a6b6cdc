<?php

namespace Drupal\Tests\pbi_export;

use Drupal\pbi_export\EmbedOptions;
use PHPUnit\Framework\TestCase;

/**
 * The values a block or an embed tag may give a widget.
 *
 * @covers \Drupal\pbi_export\EmbedOptions
 */
class EmbedOptionsTest extends TestCase {

  public function testAcceptsAReportPageAndFormats(): void {
    $options = EmbedOptions::fromInput('12', 'ReportSection6f7a8b9c0d', 'PDF, png', ['png']);
    $this->assertInstanceOf(EmbedOptions::class, $options);
    $this->assertSame(12, $options->reportId);
    $this->assertSame('ReportSection6f7a8b9c0d', $options->page);
    $this->assertSame(['pdf', 'png'], $options->formats);
  }

  public function testPowerPointAndZipMayBeOfferedButAreNotByDefault(): void {
    $this->assertSame(['png', 'pptx', 'zip'], EmbedOptions::fromInput('1', '', 'png,PPTX, zip', [])->formats);
    $this->assertSame(['zip'], EmbedOptions::fromInput('1', '', ['zip'], ['png'])->formats);
    $this->assertSame(['pptx'], EmbedOptions::fromInput('1', '', '', ['pptx'])->formats);
    $this->assertSame(['png', 'pdf', 'zip'], EmbedOptions::ticked(['zip' => 'zip', 'pdf' => 'pdf', 'png' => 'png', 'pptx' => 0]));
  }

  public function testMissingFormatsTakeTheSiteDefault(): void {
    $this->assertSame(['pdf'], EmbedOptions::fromInput(3, NULL, NULL, ['pdf'])->formats);
    $this->assertSame(['png'], EmbedOptions::fromInput(3, '', [], ['png'])->formats);
    $this->assertSame(['png', 'pdf'], EmbedOptions::fromInput(3, '', '', [])->formats);
  }

  /**
   * @dataProvider badValues
   */
  public function testRefusesBadValues(mixed $report, mixed $page, mixed $formats, array $fields): void {
    $this->assertSame($fields, EmbedOptions::fromInput($report, $page, $formats, ['png']));
  }

  public static function badValues(): array {
    return [
      'zero' => ['0', '', '', ['report']],
      'negative' => ['-1', '', '', ['report']],
      'decimal' => ['1.5', '', '', ['report']],
      'leading zero' => ['01', '', '', ['report']],
      'words' => ['one', '', '', ['report']],
      'empty' => ['', '', '', ['report']],
      'markup' => ['1"><script>', '', '', ['report']],
      'array' => [[1], '', '', ['report']],
      'page with a space' => ['1', 'Report Section', '', ['page']],
      'page with markup' => ['1', '<b>x</b>', '', ['page']],
      'unknown format' => ['1', '', 'png,svg', ['formats']],
      'repeated format' => ['1', '', 'png,png', ['formats']],
      'everything' => ['x', 'a b', 'gif', ['report', 'page', 'formats']],
    ];
  }

  public function testTickedCheckboxesKeepTheServerOrder(): void {
    $this->assertSame(['png', 'pdf'], EmbedOptions::ticked(['pdf' => 'pdf', 'png' => 'png']));
    $this->assertSame(['pdf'], EmbedOptions::ticked(['png' => 0, 'pdf' => 'pdf']));
    $this->assertSame([], EmbedOptions::ticked(['png' => 0, 'pdf' => 0, 'svg' => 'svg']));
    $this->assertSame([], EmbedOptions::ticked(NULL));
  }

}
