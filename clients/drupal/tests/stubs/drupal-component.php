<?php

// phpcs:ignoreFile -- stand-ins of Drupal core for the module's unit tests.

namespace Drupal\Component\Utility {

  /**
   * Stand-in of Drupal's Html: the same escape() and decodeEntities().
   */
  class Html {

    public static function escape($text): string {
      return htmlspecialchars((string) $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
    }

    public static function decodeEntities($text): string {
      return html_entity_decode((string) $text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
    }

  }

  /**
   * Stand-in of NestedArray::mergeDeep(): integer keys are appended.
   */
  class NestedArray {

    public static function mergeDeep(array ...$arrays): array {
      $result = [];
      foreach ($arrays as $array) {
        foreach ($array as $key => $value) {
          if (is_int($key)) {
            $result[] = $value;
          }
          elseif (isset($result[$key]) && is_array($result[$key]) && is_array($value)) {
            $result[$key] = self::mergeDeep($result[$key], $value);
          }
          else {
            $result[$key] = $value;
          }
        }
      }
      return $result;
    }

  }

}

namespace Drupal\Component\Plugin\Attribute {

  /**
   * Stand-in of the base of plugin attributes.
   */
  abstract class Plugin {
  }

}

namespace Drupal\Core\StringTranslation {

  use Drupal\Component\Utility\Html;

  /**
   * Stand-in: translateString() only.
   */
  interface TranslationInterface {

    public function translateString(TranslatableMarkup $translated_string);

  }

  /**
   * Stand-in of TranslatableMarkup with FormattableMarkup's placeholders.
   */
  class TranslatableMarkup implements \Stringable {

    public function __construct(
      protected string $string,
      protected array $arguments = [],
      protected array $options = [],
      protected ?TranslationInterface $stringTranslation = NULL,
    ) {}

    public function getUntranslatedString(): string {
      return $this->string;
    }

    public function getArguments(): array {
      return $this->arguments;
    }

    public function __toString(): string {
      $string = $this->stringTranslation ? (string) $this->stringTranslation->translateString($this) : $this->string;
      $replacements = [];
      foreach ($this->arguments as $key => $value) {
        $value = (string) $value;
        $replacements[$key] = match ($key[0]) {
          '@', ':' => Html::escape($value),
          '%' => '<em class="placeholder">' . Html::escape($value) . '</em>',
        };
      }
      return strtr($string, $replacements);
    }

  }

  /**
   * Stand-in of StringTranslationTrait.
   */
  trait StringTranslationTrait {

    protected $stringTranslation;

    protected function t($string, array $args = [], array $options = []) {
      return new TranslatableMarkup($string, $args, $options, $this->getStringTranslation());
    }

    protected function getStringTranslation() {
      return $this->stringTranslation;
    }

    public function setStringTranslation(TranslationInterface $translation) {
      $this->stringTranslation = $translation;
      return $this;
    }

  }

}

namespace {

  use Drupal\Core\StringTranslation\TranslatableMarkup;

  /**
   * Stand-in of Drupal's t().
   */
  function t($string, array $args = [], array $options = []) {
    return new TranslatableMarkup($string, $args, $options);
  }

}
