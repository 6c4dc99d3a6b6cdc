<?php
// Router of `php -S` for the test's WordPress: existing files as they are, the rest to index.php.
$root = __DIR__;
$path = '/' . ltrim( (string) parse_url( urldecode( $_SERVER['REQUEST_URI'] ), PHP_URL_PATH ), '/' );
if ( str_contains( $path, '..' ) ) {
	http_response_code( 400 );
	return true;
}
if ( '/' !== $path && file_exists( $root . $path ) ) {
	if ( is_dir( $root . $path ) ) {
		if ( ! str_ends_with( $path, '/' ) ) {
			header( 'Location: ' . $path . '/' );
			return true;
		}
		$path .= 'index.php';
	}
	if ( str_ends_with( $path, '.php' ) ) {
		chdir( dirname( $root . $path ) );
		$_SERVER['SCRIPT_NAME'] = $path;
		$_SERVER['PHP_SELF']    = $path;
		require $root . $path;
		return true;
	}
	return false;
}
chdir( $root );
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF']    = '/index.php';
require $root . '/index.php';
