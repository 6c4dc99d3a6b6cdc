<?php
// wp-config.php of the test's own WordPress copy; the test replaces the @…@ placeholders.
define( 'DB_NAME', '@DB_NAME@' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', '127.0.0.1:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_HOME', '@SITE_URL@' );
define( 'WP_SITEURL', '@SITE_URL@' );
define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );
define( 'WP_CONTENT_URL', '@SITE_URL@/wp-content' );
define( 'AUTH_KEY', '@SALT@1' );
define( 'SECURE_AUTH_KEY', '@SALT@2' );
define( 'LOGGED_IN_KEY', '@SALT@3' );
define( 'NONCE_KEY', '@SALT@4' );
define( 'AUTH_SALT', '@SALT@5' );
define( 'SECURE_AUTH_SALT', '@SALT@6' );
define( 'LOGGED_IN_SALT', '@SALT@7' );
define( 'NONCE_SALT', '@SALT@8' );
// Nothing leaves the machine: no update checks, no cron, only loopback HTTP.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'WP_ACCESSIBLE_HOSTS', 'localhost,127.0.0.1' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '@DEBUG_LOG@' );
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
