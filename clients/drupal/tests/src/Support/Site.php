<?php

namespace Drupal\Tests\pbi_export\Support;

use Drupal\pbi_export\Controller\ProxyController;
use Drupal\pbi_export\ExportServer;
use Drupal\pbi_export\WidgetEmbed;
use GuzzleHttp\ClientInterface;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\RequestStack;

/**
 * The module's services wired as pbi_export.services.yml wires them.
 */
class Site {

  public const KEY = 'pbx_SECRET-key-0123456789abcdef';

  public MemoryConfigFactory $config;

  public Translation $translation;

  public RequestStack $requests;

  public function __construct(public ClientInterface $client, array $settings = [], string $script_name = '/index.php') {
    $this->config = new MemoryConfigFactory($settings + ['server_url' => 'http://exports.internal:8080', 'api_key' => self::KEY]);
    $this->translation = new Translation();
    $this->requests = new RequestStack();
    $this->requests->push(Request::create('http://cms.example/node/1', 'GET', [], [], [], ['SCRIPT_NAME' => $script_name]));
  }

  public function container(): Container {
    return new Container([
      'http_client' => $this->client,
      'config.factory' => $this->config,
      'request_stack' => $this->requests,
      'string_translation' => $this->translation,
      'pbi_export.export_server' => new ExportServer($this->client, $this->config, $this->translation),
      'pbi_export.widget_embed' => new WidgetEmbed($this->config, $this->requests, $this->translation),
    ]);
  }

  public function proxy(): ProxyController {
    return ProxyController::create($this->container());
  }

  public function embed(): WidgetEmbed {
    return $this->container()->get('pbi_export.widget_embed');
  }

}
