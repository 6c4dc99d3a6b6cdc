<?php
/**
 * Removes everything the plugin stored when it is deleted from the Plugins screen.
 *
 * @package PbiExport
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

delete_option( 'pbi_export_settings' );
delete_site_option( 'pbi_export_settings' );
