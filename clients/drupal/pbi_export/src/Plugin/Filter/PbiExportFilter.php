<?php

namespace Drupal\pbi_export\Plugin\Filter;

use Drupal\Component\Utility\Html;
use Drupal\Core\Plugin\ContainerFactoryPluginInterface;
use Drupal\Core\StringTranslation\TranslatableMarkup;
use Drupal\filter\Attribute\Filter;
use Drupal\filter\FilterProcessResult;
use Drupal\filter\Plugin\FilterBase;
use Drupal\filter\Plugin\FilterInterface;
use Drupal\pbi_export\EmbedOptions;
use Drupal\pbi_export\WidgetEmbed;
use Symfony\Component\DependencyInjection\ContainerInterface;

/**
 * Turns [pbi_export report="1" page="…" formats="png,pdf"] into a widget.
 *
 * Every attribute is checked (EmbedOptions) and escaped; a tag that does not
 * pass shows a note in words, with the tag escaped, instead of a widget.
 * Drupal 10.3 and later read the attribute; earlier versions the annotation.
 *
 * @Filter(
 *   id = "pbi_export_embed",
 *   title = @Translation("pbi-export report widgets"),
 *   description = @Translation("Turns [pbi_export report=&quot;1&quot;] tags into report export widgets. Runs after the HTML limiting filter, or allow &lt;div class data-pbi-export data-report-id data-page data-formats data-server&gt;."),
 *   type = Drupal\filter\Plugin\FilterInterface::TYPE_TRANSFORM_REVERSIBLE,
 *   weight = 10
 * )
 */
#[Filter(
  id: 'pbi_export_embed',
  title: new TranslatableMarkup('pbi-export report widgets'),
  type: FilterInterface::TYPE_TRANSFORM_REVERSIBLE,
  description: new TranslatableMarkup('Turns [pbi_export report="1"] tags into report export widgets. Runs after the HTML limiting filter, or allow <div class data-pbi-export data-report-id data-page data-formats data-server>.'),
  weight: 10,
)]
class PbiExportFilter extends FilterBase implements ContainerFactoryPluginInterface {

  /**
   * An embed tag, with the paragraph around it when it stands alone in one.
   */
  private const TAG = '/(?<open><p>\s*)?\[pbi_export(?=[\s\]])(?<attributes>[^\[\]]*)\](?<close>\s*<\/p>)?/i';

  /**
   * The whole attribute list: name="value" or name='value' pairs.
   */
  private const SYNTAX = '/^(?:\s+[a-z]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*\s*$/';

  /**
   * One attribute.
   */
  private const ATTRIBUTE = '/([a-z]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')/';

  /**
   * The attributes the tag takes.
   */
  private const NAMES = ['report', 'page', 'formats'];

  /**
   * Constructs the filter.
   */
  public function __construct(array $configuration, $plugin_id, $plugin_definition, protected WidgetEmbed $widgetEmbed) {
    parent::__construct($configuration, $plugin_id, $plugin_definition);
  }

  /**
   * {@inheritdoc}
   */
  public static function create(ContainerInterface $container, array $configuration, $plugin_id, $plugin_definition) {
    return new static($configuration, $plugin_id, $plugin_definition, $container->get('pbi_export.widget_embed'));
  }

  /**
   * {@inheritdoc}
   */
  public function process($text, $langcode) {
    $widgets = 0;
    $processed = preg_replace_callback(self::TAG, function (array $match) use (&$widgets): string {
      $replacement = $this->replace($match['attributes'], $widgets);
      $open = $match['open'] ?? '';
      $close = $match['close'] ?? '';
      // A widget is a <div>: it replaces a paragraph that held only the tag.
      return $open !== '' && $close !== '' ? $replacement : $open . $replacement . $close;
    }, (string) $text);
    $result = new FilterProcessResult($processed ?? (string) $text);
    $result->addCacheTags([WidgetEmbed::SETTINGS_TAG]);
    $result->addCacheContexts(['url.site']);
    if ($widgets > 0) {
      $result->addAttachments(['library' => [WidgetEmbed::LIBRARY]]);
    }
    return $result;
  }

  /**
   * {@inheritdoc}
   */
  public function tips($long = FALSE) {
    return $this->t('Embed a report export widget with @example; page and formats are optional.', [
      '@example' => '[pbi_export report="1" page="ReportSection1" formats="png,pdf"]',
    ]);
  }

  /**
   * The widget for one tag's attributes, or a note saying what is wrong.
   */
  protected function replace(string $source, int &$widgets): string {
    // Editors may store the quotes as entities; the values are checked after.
    $attributes = str_replace("\u{00A0}", ' ', Html::decodeEntities($source));
    $problems = [];
    $values = [];
    if (preg_match(self::SYNTAX, $attributes) !== 1) {
      $problems[] = $this->t('Write it as [pbi_export report="1" page="ReportSection1" formats="png,pdf"].');
    }
    else {
      preg_match_all(self::ATTRIBUTE, $attributes, $pairs, PREG_SET_ORDER);
      foreach ($pairs as $pair) {
        $name = strtolower($pair[1]);
        if (!in_array($name, self::NAMES, TRUE) || array_key_exists($name, $values)) {
          $problems[] = $this->t('It takes each of report, page and formats at most once, and nothing else.');
          continue;
        }
        $values[$name] = ($pair[3] ?? '') !== '' ? $pair[3] : $pair[2];
      }
    }
    if (!$problems) {
      $options = $this->widgetEmbed->options($values['report'] ?? '', $values['page'] ?? '', $values['formats'] ?? '');
      if ($options instanceof EmbedOptions) {
        $widgets++;
        return $this->widgetEmbed->markup($options);
      }
      $problems = array_values($options);
    }
    // The messages have no placeholders that Drupal would escape already, so
    // escaping the whole note once covers the tag an editor wrote.
    $note = $this->t('This pbi-export tag was not shown:') . ' [pbi_export' . $attributes . '] '
      . implode(' ', array_unique(array_map('strval', $problems)));
    return '<p class="pbi-export-error">' . Html::escape($note) . '</p>';
  }

}
