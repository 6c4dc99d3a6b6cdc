<?php
// Creates the database, installs WordPress, turns on pretty permalinks, activates the plugin and
// writes two pages: one with the shortcode, one with the block. Run from the WordPress copy:
//   php install.php <admin password>
// Prints {"shortcode": url, "block": url} on its last line.
$db = new mysqli( '127.0.0.1', 'root', '', '', 3306 );
$db->query( 'CREATE DATABASE `' . $db->real_escape_string( getenv( 'WP_TEST_DB' ) ) . '` CHARACTER SET utf8mb4' );
$db->close();

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require __DIR__ . '/wp-load.php';
/** No welcome mail: the machine has no sendmail. */
function wp_new_blog_notification() {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$installed = wp_install( 'pbi-export test site', 'admin', 'admin@example.org', false, '', $argv[1] );
if ( is_wp_error( $installed ) ) {
	fwrite( STDERR, $installed->get_error_message() . "\n" );
	exit( 1 );
}
global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%postname%/' );
$wp_rewrite->flush_rules();
wp_set_current_user( 1 );
$activated = activate_plugin( 'pbi-export/pbi-export.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, $activated->get_error_message() . "\n" );
	exit( 1 );
}
$pages = array(
	'shortcode' => '[pbi_export report="1" formats="png,pdf,pptx,zip"]',
	'block'     => '<!-- wp:pbi-export/report {"report":1} /-->',
);
$urls  = array();
foreach ( $pages as $slug => $content ) {
	$id = wp_insert_post(
		array(
			'post_type'    => 'page',
			'post_status'  => 'publish',
			'post_name'    => $slug,
			'post_title'   => ucfirst( $slug ) . ' page',
			'post_content' => $content,
		),
		true
	);
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
	$urls[ $slug ] = get_permalink( $id );
}
echo "\n" . json_encode( $urls ) . "\n";
