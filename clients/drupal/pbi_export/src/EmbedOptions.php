<?php

namespace Drupal\pbi_export;

/**
 * What one widget shows: a report, optionally a fixed page, and its formats.
 *
 * The block form and the embed tag filter both build it with fromInput(), so
 * both accept and refuse exactly the same values.
 */
final class EmbedOptions {

  /**
   * The formats the widget offers (docs/embedding.md, data-formats).
   */
  public const FORMATS = ['png', 'pdf', 'pptx', 'zip'];

  /**
   * The formats of a widget when neither it nor the settings name any.
   */
  public const DEFAULT_FORMATS = ['png', 'pdf'];

  /**
   * Report ids are positive whole numbers (docs/contract.md, Conventions).
   */
  private const REPORT_ID = '/^[1-9][0-9]{0,17}$/';

  /**
   * Power BI internal page names, such as "ReportSection6f7a8b9c0d".
   */
  private const PAGE = '/^[A-Za-z0-9_.-]{1,100}$/';

  /**
   * Constructs the options of one widget.
   *
   * @param int $reportId
   *   The report id, positive.
   * @param string $page
   *   An internal page name, or '' to let people choose the page.
   * @param string[] $formats
   *   A non-empty list of values of self::FORMATS, without repeats.
   */
  private function __construct(
    public readonly int $reportId,
    public readonly string $page,
    public readonly array $formats,
  ) {}

  /**
   * Checks what an editor typed and returns the options, or the problems.
   *
   * @param mixed $report
   *   The report id as typed (string or integer).
   * @param mixed $page
   *   The page name as typed, '' or NULL for none.
   * @param mixed $formats
   *   Formats as "png,pdf" or a list; '', NULL or an empty list for the
   *   default formats.
   * @param string[] $default_formats
   *   The site's default formats.
   *
   * @return \Drupal\pbi_export\EmbedOptions|string[]
   *   The options, or the names of the values at fault: 'report', 'page',
   *   'formats'.
   */
  public static function fromInput(mixed $report, mixed $page, mixed $formats, array $default_formats): EmbedOptions|array {
    $problems = [];
    $report = is_int($report) ? (string) $report : $report;
    if (!is_string($report) || !preg_match(self::REPORT_ID, trim($report))) {
      $problems[] = 'report';
    }
    $page = $page === NULL ? '' : $page;
    if (!is_string($page) || ($page !== '' && !preg_match(self::PAGE, $page))) {
      $problems[] = 'page';
    }
    $list = self::formatList($formats);
    if ($list === NULL) {
      $problems[] = 'formats';
    }
    if ($problems) {
      return $problems;
    }
    $list = $list ?: (self::formatList($default_formats) ?: self::DEFAULT_FORMATS);
    return new self((int) trim($report), $page, $list);
  }

  /**
   * The formats ticked in a Drupal "checkboxes" element's value.
   *
   * @param mixed $checkboxes
   *   The element's value: format => format when ticked, format => 0 when not.
   *
   * @return string[]
   *   The formats ticked, in the order of self::FORMATS.
   */
  public static function ticked(mixed $checkboxes): array {
    $ticked = array_filter((array) $checkboxes);
    return array_values(array_filter(self::FORMATS, fn(string $format) => in_array($format, $ticked, TRUE)));
  }

  /**
   * Reads a list of formats.
   *
   * @return string[]|null
   *   The formats in the order given, [] for none, NULL when one is unknown
   *   or repeated.
   */
  private static function formatList(mixed $formats): ?array {
    if ($formats === NULL || $formats === '') {
      return [];
    }
    if (is_string($formats)) {
      $formats = array_map('trim', explode(',', strtolower($formats)));
    }
    if (!is_array($formats)) {
      return NULL;
    }
    $list = [];
    foreach ($formats as $format) {
      if (!is_string($format) || !in_array($format, self::FORMATS, TRUE) || in_array($format, $list, TRUE)) {
        return NULL;
      }
      $list[] = $format;
    }
    return $list;
  }

}
