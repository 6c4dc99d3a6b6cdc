<?php
/**
 * Dependencies of the block's editor script (written by hand: the plugin has no build step).
 *
 * @package PbiExport
 */

return array(
	'dependencies' => array( 'wp-api-fetch', 'wp-block-editor', 'wp-blocks', 'wp-components', 'wp-element', 'wp-i18n' ),
	'version'      => '0.1.0',
);
