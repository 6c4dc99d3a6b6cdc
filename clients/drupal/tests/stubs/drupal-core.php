<?php

// phpcs:ignoreFile -- stand-ins of Drupal core for the module's unit tests.

namespace Drupal\Core\Config {

  /**
   * Stand-in: the two methods the module calls.
   */
  interface ConfigFactoryInterface {

    public function get($name);

    public function getEditable($name);

  }

  /**
   * Stand-in of Config: nested keys with ".", save() through a callback.
   */
  class Config {

    public function __construct(protected string $name, protected array $data = [], protected ?\Closure $onSave = NULL) {}

    public function getName() {
      return $this->name;
    }

    public function get($key = '') {
      if ($key === '') {
        return $this->data;
      }
      $value = $this->data;
      foreach (explode('.', $key) as $part) {
        if (!is_array($value) || !array_key_exists($part, $value)) {
          return NULL;
        }
        $value = $value[$part];
      }
      return $value;
    }

    public function set($key, $value) {
      $this->data[$key] = $value;
      return $this;
    }

    public function save($has_trusted_data = FALSE) {
      if ($this->onSave) {
        ($this->onSave)($this->name, $this->data);
      }
      return $this;
    }

  }

  class ImmutableConfigException extends \LogicException {
  }

  /**
   * Stand-in of ImmutableConfig: refuses changes, as the real one does.
   */
  class ImmutableConfig extends Config {

    public function set($key, $value) {
      throw new ImmutableConfigException("Can not set values on immutable configuration {$this->name}:$key");
    }

    public function save($has_trusted_data = FALSE) {
      throw new ImmutableConfigException("Can not save immutable configuration {$this->name}");
    }

  }

}

namespace Drupal\Core\Form {

  use Drupal\Core\Config\ConfigFactoryInterface;
  use Drupal\Core\StringTranslation\StringTranslationTrait;
  use Symfony\Component\DependencyInjection\ContainerInterface;

  /**
   * Stand-in: the methods the module calls.
   */
  interface FormStateInterface {

    public function getValue($key, $default = NULL);

    public function setValue($key, $value);

    public function setErrorByName($name, $message = '');

    public function getErrors();

  }

  /**
   * Stand-in of FormState: values and errors.
   */
  class FormState implements FormStateInterface {

    protected array $values = [];

    protected array $errors = [];

    public function setValues(array $values) {
      $this->values = $values;
      return $this;
    }

    public function getValue($key, $default = NULL) {
      return array_key_exists($key, $this->values) ? $this->values[$key] : $default;
    }

    public function setValue($key, $value) {
      $this->values[$key] = $value;
      return $this;
    }

    public function setErrorByName($name, $message = '') {
      $this->errors[$name] ??= $message;
      return $this;
    }

    public function getErrors() {
      return $this->errors;
    }

  }

  /**
   * Stand-in of FormBase and ConfigFormBaseTrait::config().
   */
  abstract class FormBase {

    use StringTranslationTrait;

    protected $configFactory;

    abstract public function getFormId();

    abstract public function buildForm(array $form, FormStateInterface $form_state);

    public function validateForm(array &$form, FormStateInterface $form_state) {
    }

    abstract public function submitForm(array &$form, FormStateInterface $form_state);

    protected function configFactory() {
      return $this->configFactory;
    }

  }

  /**
   * Stand-in of ConfigFormBase (the 10.0 and 10.2+ constructors both fit).
   */
  abstract class ConfigFormBase extends FormBase {

    public function __construct(ConfigFactoryInterface $config_factory, $typedConfigManager = NULL) {
      $this->configFactory = $config_factory;
    }

    public static function create(ContainerInterface $container) {
      return new static($container->get('config.factory'));
    }

    abstract protected function getEditableConfigNames();

    protected function config($name) {
      return in_array($name, $this->getEditableConfigNames(), TRUE)
        ? $this->configFactory->getEditable($name)
        : $this->configFactory->get($name);
    }

    public function buildForm(array $form, FormStateInterface $form_state) {
      $form['actions']['#type'] = 'actions';
      $form['actions']['submit'] = ['#type' => 'submit', '#value' => $this->t('Save configuration'), '#button_type' => 'primary'];
      $form['#theme'] = 'system_config_form';
      return $form;
    }

    public function submitForm(array &$form, FormStateInterface $form_state) {
    }

  }

}

namespace Drupal\Core\Plugin {

  use Symfony\Component\DependencyInjection\ContainerInterface;

  interface ContainerFactoryPluginInterface {

    public static function create(ContainerInterface $container, array $configuration, $plugin_id, $plugin_definition);

  }

  /**
   * Stand-in of PluginBase.
   */
  abstract class PluginBase {

    public function __construct(protected array $configuration, protected $pluginId, protected $pluginDefinition) {}

    public function getPluginId() {
      return $this->pluginId;
    }

    public function getPluginDefinition() {
      return $this->pluginDefinition;
    }

  }

}

namespace Drupal\Core\Block {

  use Drupal\Component\Utility\NestedArray;
  use Drupal\Core\Form\FormStateInterface;
  use Drupal\Core\Plugin\PluginBase;
  use Drupal\Core\StringTranslation\StringTranslationTrait;

  /**
   * Stand-in of BlockBase and BlockPluginTrait's configuration and form.
   */
  abstract class BlockBase extends PluginBase {

    use StringTranslationTrait;

    public function __construct(array $configuration, $plugin_id, $plugin_definition) {
      parent::__construct($configuration, $plugin_id, $plugin_definition);
      $this->setConfiguration($configuration);
    }

    public function getConfiguration() {
      return $this->configuration;
    }

    public function setConfiguration(array $configuration) {
      $this->configuration = NestedArray::mergeDeep(
        ['id' => $this->getPluginId(), 'label' => '', 'label_display' => 'visible', 'provider' => $this->pluginDefinition['provider'] ?? ''],
        $this->defaultConfiguration(),
        $configuration,
      );
    }

    public function defaultConfiguration() {
      return [];
    }

    public function buildConfigurationForm(array $form, FormStateInterface $form_state) {
      $form['label'] = ['#type' => 'textfield', '#title' => $this->t('Title'), '#default_value' => $this->configuration['label'], '#required' => TRUE];
      $form += $this->blockForm($form, $form_state);
      return $form;
    }

    public function blockForm($form, FormStateInterface $form_state) {
      return [];
    }

    public function validateConfigurationForm(array &$form, FormStateInterface $form_state) {
      $this->blockValidate($form, $form_state);
    }

    public function blockValidate($form, FormStateInterface $form_state) {
    }

    public function submitConfigurationForm(array &$form, FormStateInterface $form_state) {
      if (!$form_state->getErrors()) {
        $this->configuration['label'] = $form_state->getValue('label');
        $this->blockSubmit($form, $form_state);
      }
    }

    public function blockSubmit($form, FormStateInterface $form_state) {
    }

    abstract public function build();

    public function getCacheTags() {
      return [];
    }

    public function getCacheContexts() {
      return [];
    }

  }

}

namespace Drupal\Core\Block\Attribute {

  use Drupal\Component\Plugin\Attribute\Plugin;
  use Drupal\Core\StringTranslation\TranslatableMarkup;

  /**
   * Stand-in of the Block attribute (Drupal 10.2+), same constructor.
   */
  #[\Attribute(\Attribute::TARGET_CLASS)]
  class Block extends Plugin {

    public function __construct(
      public readonly string $id,
      public readonly ?TranslatableMarkup $admin_label = NULL,
      public readonly ?TranslatableMarkup $category = NULL,
      public readonly array $context_definitions = [],
      public readonly ?string $deriver = NULL,
      public readonly array $forms = [],
    ) {}

  }

}

namespace Drupal\Core\Controller {

  use Drupal\Core\StringTranslation\StringTranslationTrait;
  use Symfony\Component\DependencyInjection\ContainerInterface;

  /**
   * Stand-in of ControllerBase.
   */
  abstract class ControllerBase {

    use StringTranslationTrait;

    public static function create(ContainerInterface $container) {
      return new static();
    }

  }

}

namespace Drupal\Core\Routing {

  interface RouteMatchInterface {

    public function getRouteName();

  }

}

namespace Drupal\Core {

  /**
   * Stand-in of Url::fromRoute()->toString(): paths come from $paths.
   */
  class Url {

    public static array $paths = [];

    private function __construct(private string $path) {}

    public static function fromRoute($route_name, $route_parameters = [], $options = []) {
      if (!isset(self::$paths[$route_name])) {
        throw new \InvalidArgumentException("Route \"$route_name\" does not exist.");
      }
      return new self(self::$paths[$route_name]);
    }

    public function toString($collect_bubbleable_metadata = FALSE) {
      return $this->path;
    }

  }

}

namespace Drupal\filter\Plugin {

  use Drupal\Core\Plugin\PluginBase;
  use Drupal\Core\StringTranslation\StringTranslationTrait;

  interface FilterInterface {

    const TYPE_MARKUP_LANGUAGE = 0;
    const TYPE_HTML_RESTRICTOR = 1;
    const TYPE_TRANSFORM_REVERSIBLE = 2;
    const TYPE_TRANSFORM_IRREVERSIBLE = 3;

    public function process($text, $langcode);

    public function tips($long = FALSE);

  }

  /**
   * Stand-in of FilterBase.
   */
  abstract class FilterBase extends PluginBase implements FilterInterface {

    use StringTranslationTrait;

    public $settings = [];

    public function __construct(array $configuration, $plugin_id, $plugin_definition) {
      parent::__construct($configuration, $plugin_id, $plugin_definition);
      $this->settings = ($configuration['settings'] ?? []) + ($plugin_definition['settings'] ?? []);
    }

    public function tips($long = FALSE) {
      return NULL;
    }

  }

}

namespace Drupal\filter\Attribute {

  use Drupal\Component\Plugin\Attribute\Plugin;
  use Drupal\Core\StringTranslation\TranslatableMarkup;

  /**
   * Stand-in of the Filter attribute (Drupal 10.3+), same constructor.
   */
  #[\Attribute(\Attribute::TARGET_CLASS)]
  class Filter extends Plugin {

    public function __construct(
      public readonly string $id,
      public readonly TranslatableMarkup $title,
      public readonly int $type,
      public readonly ?TranslatableMarkup $description = NULL,
      public readonly int $weight = 0,
      public readonly bool $status = FALSE,
      public readonly array $settings = [],
    ) {}

  }

}

namespace Drupal\filter {

  /**
   * Stand-in of FilterProcessResult and its BubbleableMetadata parts used.
   */
  class FilterProcessResult implements \Stringable {

    protected array $tags = [];

    protected array $contexts = [];

    protected array $attachments = [];

    public function __construct(protected $processedText = '') {}

    public function getProcessedText() {
      return $this->processedText;
    }

    public function setProcessedText($processed_text) {
      $this->processedText = $processed_text;
      return $this;
    }

    public function __toString(): string {
      return (string) $this->processedText;
    }

    public function addCacheTags(array $cache_tags) {
      $this->tags = array_values(array_unique(array_merge($this->tags, $cache_tags)));
      return $this;
    }

    public function getCacheTags() {
      return $this->tags;
    }

    public function addCacheContexts(array $cache_contexts) {
      $this->contexts = array_values(array_unique(array_merge($this->contexts, $cache_contexts)));
      return $this;
    }

    public function getCacheContexts() {
      return $this->contexts;
    }

    public function addAttachments(array $attachments) {
      $this->attachments = array_merge_recursive($this->attachments, $attachments);
      return $this;
    }

    public function getAttachments() {
      return $this->attachments;
    }

  }

}
