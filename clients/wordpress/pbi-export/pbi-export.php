<?php
/**
 * Plugin Name:       pbi-export
 * Plugin URI:        https://github.com/pbi-export/pbi-export
 * Description:       Lets visitors preview and download Power BI reports as PNG, PDF, PowerPoint and ZIP through a pbi-export server, with the API key kept on this site.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * Author:            pbi-export
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       pbi-export
 * Domain Path:       /languages
 *
 * @package PbiExport
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'PBI_EXPORT_VERSION', '0.1.0' );
define( 'PBI_EXPORT_FILE', __FILE__ );
define( 'PBI_EXPORT_DIR', plugin_dir_path( __FILE__ ) );

require_once PBI_EXPORT_DIR . 'includes/class-pbi-export-settings.php';
require_once PBI_EXPORT_DIR . 'includes/class-pbi-export-proxy.php';
require_once PBI_EXPORT_DIR . 'includes/class-pbi-export-jobs.php';
require_once PBI_EXPORT_DIR . 'includes/class-pbi-export-embed.php';

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'pbi-export', false, dirname( plugin_basename( PBI_EXPORT_FILE ) ) . '/languages' );
	}
);

Pbi_Export_Settings::register();
Pbi_Export_Proxy::register();
Pbi_Export_Embed::register();
