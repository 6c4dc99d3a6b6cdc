<?php

namespace Drupal\Tests\pbi_export\Support;

use Drupal\Core\StringTranslation\TranslatableMarkup;
use Drupal\Core\StringTranslation\TranslationInterface;

/**
 * A "translation" that records the source strings asked for.
 */
class Translation implements TranslationInterface {

  public array $asked = [];

  public function translateString(TranslatableMarkup $translated_string) {
    $this->asked[] = $translated_string->getUntranslatedString();
    return $translated_string->getUntranslatedString();
  }

}
