<?php
// Small changes the test makes to its WordPress copy, from the command line:
//   php tool.php require-login 0|1   turn "only signed-in users" off or on
//   php tool.php uninstall           delete the plugin as the Plugins screen does; prints the option left
//   php tool.php drop-database       drop the test's database
$command = $argv[1] ?? '';
if ( 'drop-database' === $command ) {
	$db = new mysqli( '127.0.0.1', 'root', '', '', 3306 );
	$db->query( 'DROP DATABASE IF EXISTS `' . $db->real_escape_string( getenv( 'WP_TEST_DB' ) ) . '`' );
	exit( 0 );
}
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
wp_set_current_user( 1 );
if ( 'require-login' === $command ) {
	$settings                  = get_option( 'pbi_export_settings' );
	$settings['require_login'] = '1' === ( $argv[2] ?? '' );
	update_option( 'pbi_export_settings', $settings );
	echo wp_json_encode( Pbi_Export_Settings::get()['require_login'] ), "\n";
} elseif ( 'uninstall' === $command ) {
	deactivate_plugins( 'pbi-export/pbi-export.php' );
	uninstall_plugin( 'pbi-export/pbi-export.php' );
	echo 'option: ', wp_json_encode( get_option( 'pbi_export_settings', 'absent' ) ), "\n";
} else {
	fwrite( STDERR, "unknown command: $command\n" );
	exit( 2 );
}
