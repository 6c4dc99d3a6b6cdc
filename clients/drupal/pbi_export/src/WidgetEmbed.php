<?php

namespace Drupal\pbi_export;

use Drupal\Component\Utility\Html;
use Drupal\Core\Config\ConfigFactoryInterface;
use Drupal\Core\StringTranslation\StringTranslationTrait;
use Drupal\Core\StringTranslation\TranslationInterface;
use Symfony\Component\HttpFoundation\RequestStack;

/**
 * Builds the widget element that the block and the embed tag filter output.
 *
 * The element points the widget at this site's proxy route (data-server), so
 * the page never holds the export server's API key: the proxy adds it.
 */
class WidgetEmbed {

  use StringTranslationTrait;

  /**
   * The library that loads the widget script through the proxy.
   */
  public const LIBRARY = 'pbi_export/widget';

  /**
   * The proxy path, below the site's base path; the widget appends /api/….
   */
  public const PROXY_PATH = '/pbi-export/proxy';

  /**
   * The cache tag of the settings every widget depends on.
   */
  public const SETTINGS_TAG = 'config:pbi_export.settings';

  /**
   * Constructs the widget embed builder.
   */
  public function __construct(
    protected ConfigFactoryInterface $configFactory,
    protected RequestStack $requestStack,
    TranslationInterface $string_translation,
  ) {
    $this->setStringTranslation($string_translation);
  }

  /**
   * Checks an editor's values; see EmbedOptions::fromInput().
   *
   * @return \Drupal\pbi_export\EmbedOptions|\Drupal\Core\StringTranslation\TranslatableMarkup[]
   *   The options, or the problems in words keyed by 'report', 'page',
   *   'formats'.
   */
  public function options(mixed $report, mixed $page, mixed $formats): EmbedOptions|array {
    $default_formats = $this->configFactory->get('pbi_export.settings')->get('default_formats') ?? [];
    $result = EmbedOptions::fromInput($report, $page, $formats, is_array($default_formats) ? $default_formats : []);
    if ($result instanceof EmbedOptions) {
      return $result;
    }
    $messages = [
      'report' => $this->t('The report id must be a positive whole number, such as 1.'),
      'page' => $this->t('The page must be an internal page name of letters, digits, "_", "-" or ".", such as ReportSection1.'),
      'formats' => $this->t('The formats must be @formats, separated by commas.', ['@formats' => implode(', ', EmbedOptions::FORMATS)]),
    ];
    return array_intersect_key($messages, array_flip($result));
  }

  /**
   * The widget element's attributes: never the API key.
   *
   * @return string[]
   *   Attribute values keyed by name, not yet escaped.
   */
  public function attributes(EmbedOptions $options): array {
    $attributes = [
      'class' => 'pbi-export-widget',
      'data-pbi-export' => '',
      'data-report-id' => (string) $options->reportId,
      'data-server' => $this->proxyBase(),
      'data-formats' => implode(',', $options->formats),
    ];
    if ($options->page !== '') {
      $attributes['data-page'] = $options->page;
    }
    return $attributes;
  }

  /**
   * A render array of the widget element, with its library and cache tag.
   */
  public function build(EmbedOptions $options): array {
    $attributes = $this->attributes($options);
    $attributes['class'] = [$attributes['class']];
    return [
      '#type' => 'html_tag',
      '#tag' => 'div',
      '#attributes' => $attributes,
      '#value' => $this->placeholderText(),
      '#attached' => ['library' => [self::LIBRARY]],
      '#cache' => ['tags' => [self::SETTINGS_TAG], 'contexts' => ['url.site']],
    ];
  }

  /**
   * The widget element as HTML, every attribute value escaped.
   */
  public function markup(EmbedOptions $options): string {
    $html = '<div';
    foreach ($this->attributes($options) as $name => $value) {
      $html .= ' ' . $name . ($value === '' ? '' : '="' . Html::escape($value) . '"');
    }
    return $html . '>' . Html::escape($this->placeholderText()) . '</div>';
  }

  /**
   * The proxy's address as the page sees it: the site's base path + proxy.
   */
  public function proxyBase(): string {
    $request = $this->requestStack->getCurrentRequest();
    return ($request ? rtrim($request->getBasePath(), '/') : '') . self::PROXY_PATH;
  }

  /**
   * What the element shows until the widget script replaces it.
   */
  protected function placeholderText(): string {
    return (string) $this->t('Loading the report export…');
  }

}
