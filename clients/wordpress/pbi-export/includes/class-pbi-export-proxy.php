<?php
/**
 * REST routes that forward the widget's requests to pbi-export with the API key.
 *
 * @package PbiExport
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers /wp-json/pbi-export/v1/… with exactly the paths the widget calls and sends each
 * request on to the export server, adding the key kept in the settings. The browser never sees
 * the key nor the server's address.
 */
final class Pbi_Export_Proxy {

	const REST_NAMESPACE = 'pbi-export/v1';

	/** Response headers passed back to the browser. */
	const PASSED_HEADERS = array( 'content-type', 'content-disposition', 'etag', 'x-cache', 'retry-after', 'cache-control', 'last-modified' );

	/** Query parameters of GET /api/export that are forwarded; filter.<column> is matched apart. */
	const EXPORT_PARAMETERS = array( 'report_id', 'format', 'page', 'width', 'height', 'scale', 'download' );

	/**
	 * Hooks the routes and the raw serving of their answers.
	 */
	public static function register(): void {
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
		add_filter( 'rest_pre_serve_request', array( self::class, 'serve_raw' ), 10, 3 );
	}

	/**
	 * The REST base the widget's data-server points at.
	 */
	public static function base_url(): string {
		return untrailingslashit( rest_url( self::REST_NAMESPACE ) );
	}

	/**
	 * Registers the proxied paths.
	 */
	public static function register_routes(): void {
		$routes = array(
			'/api/reports'             => static fn( WP_REST_Request $r ) => '/api/reports',
			'/api/pages/(?P<id>\d+)'   => static fn( WP_REST_Request $r ) => '/api/pages/' . absint( $r['id'] ),
			'/api/filters/(?P<id>\d+)' => static fn( WP_REST_Request $r ) => '/api/filters/' . absint( $r['id'] ),
			'/api/export'              => static fn( WP_REST_Request $r ) => '/api/export' . self::export_query(),
			'/widget/pbi-export\.js'   => static fn( WP_REST_Request $r ) => '/widget/pbi-export.js',
		);
		foreach ( $routes as $route => $target ) {
			register_rest_route(
				self::REST_NAMESPACE,
				$route,
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => static fn( WP_REST_Request $request ) => self::respond( $target( $request ), $request ),
					'permission_callback' => '/widget/pbi-export\.js' === $route ? '__return_true' : array( self::class, 'permission' ),
				)
			);
		}
		Pbi_Export_Jobs::register_routes();
	}

	/**
	 * Everyone by default; with "only signed-in users" a valid login cookie is needed.
	 *
	 * The widget sends no REST nonce, so WordPress treats its requests as anonymous: the login
	 * cookie is checked here instead. These routes only read or, for export jobs, take JSON
	 * only (Pbi_Export_Jobs), which another site's page cannot send without CORS. Their answers
	 * carry no CORS headers (serve_raw() removes WordPress's), so another site cannot read them
	 * with a visitor's cookie; browsers that say a request is cross-site are refused outright.
	 *
	 * @return true|WP_Error
	 */
	public static function permission() {
		$cross_site = isset( $_SERVER['HTTP_SEC_FETCH_SITE'] ) && 'cross-site' === sanitize_key( wp_unslash( $_SERVER['HTTP_SEC_FETCH_SITE'] ) );
		$signed_in  = is_user_logged_in() || ( ! $cross_site && false !== wp_validate_auth_cookie( '', 'logged_in' ) );
		$allowed    = ! Pbi_Export_Settings::get()['require_login'] || $signed_in;
		/**
		 * Filters whether the current request may use the export routes.
		 *
		 * @param bool $allowed Whether it may.
		 */
		if ( apply_filters( 'pbi_export_can_export', $allowed ) ) {
			return true;
		}
		return new WP_Error( 'pbi_export_login_required', __( 'Sign in to this site to preview and download this report.', 'pbi-export' ), array( 'status' => 401 ) );
	}

	/**
	 * The export query string rebuilt from the raw QUERY_STRING: PHP turns "filter.year" into
	 * "filter_year" in $_GET and keeps only the last of repeated names, so $_GET cannot be used.
	 */
	public static function export_query(): string {
		$raw   = isset( $_SERVER['QUERY_STRING'] ) ? (string) wp_unslash( $_SERVER['QUERY_STRING'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- parsed and re-encoded below.
		$pairs = array();
		foreach ( explode( '&', $raw ) as $pair ) {
			if ( '' === $pair ) {
				continue;
			}
			$parts = explode( '=', $pair, 2 );
			$name  = urldecode( $parts[0] );
			$value = urldecode( $parts[1] ?? '' );
			if ( in_array( $name, self::EXPORT_PARAMETERS, true ) || ( str_starts_with( $name, 'filter.' ) && strlen( $name ) > 7 ) ) {
				$pairs[] = rawurlencode( $name ) . '=' . rawurlencode( $value );
			}
		}
		return $pairs ? '?' . implode( '&', $pairs ) : '';
	}

	/**
	 * Sends a request (GET unless $args say otherwise) to the export server with the saved key.
	 *
	 * @param string              $path    Path and query on the server.
	 * @param array<string,string> $headers Request headers to pass.
	 * @param int                 $timeout Seconds to wait.
	 * @param array<string,mixed>  $args    More wp_remote_request arguments: method, body, stream and filename.
	 * @return array|WP_Error The wp_remote_request answer, or why there is none.
	 */
	public static function forward( string $path, array $headers = array(), int $timeout = 0, array $args = array() ) {
		$settings = Pbi_Export_Settings::get();
		if ( '' === $settings['server_url'] ) {
			return new WP_Error( 'pbi_export_not_configured', __( 'The export is not set up yet: an administrator enters the server address under Settings → pbi-export.', 'pbi-export' ) );
		}
		if ( '' !== $settings['api_key'] ) {
			$headers['X-API-Key'] = $settings['api_key'];
		}
		/**
		 * Filters how many seconds the plugin waits for the export server (exports may queue).
		 *
		 * @param int $timeout Seconds.
		 */
		$timeout  = $timeout > 0 ? $timeout : (int) apply_filters( 'pbi_export_timeout', 120 );
		$response = wp_remote_request(
			$settings['server_url'] . $path,
			$args + array(
				'method'      => 'GET',
				'headers'     => $headers,
				'timeout'     => $timeout,
				'redirection' => 0,
				'user-agent'  => 'pbi-export-wordpress/' . PBI_EXPORT_VERSION,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error( 'pbi_export_unreachable', __( 'The export server could not be reached. Try again later; if it persists, tell the site\'s administrator.', 'pbi-export' ) );
		}
		return $response;
	}

	/**
	 * Forwards one widget request and wraps the answer for serve_raw().
	 *
	 * @param string          $path    Path and query on the server.
	 * @param WP_REST_Request $request The browser's request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function respond( string $path, WP_REST_Request $request ) {
		return self::wrap( self::forward( $path, self::passed_request_headers( $request ) ) );
	}

	/**
	 * The browser's Accept and If-None-Match, the only request headers passed on.
	 *
	 * @param WP_REST_Request $request The browser's request.
	 * @return array<string,string>
	 */
	public static function passed_request_headers( WP_REST_Request $request ): array {
		$headers = array();
		foreach ( array( 'accept', 'if_none_match' ) as $name ) {
			$value = $request->get_header( $name );
			if ( null !== $value && '' !== $value ) {
				$headers[ str_replace( '_', '-', $name ) ] = $value;
			}
		}
		return $headers;
	}

	/**
	 * The export server's answer as a REST response serve_raw() prints as it is: its status,
	 * PASSED_HEADERS and its body, or the file it was streamed to.
	 *
	 * @param array|WP_Error $response A forward() answer.
	 * @param string         $file     The file the body was streamed to, '' when it is in memory.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function wrap( $response, string $file = '' ) {
		if ( is_wp_error( $response ) ) {
			$status = 'pbi_export_not_configured' === $response->get_error_code() ? 503 : 502;
			$response->add_data( array( 'status' => $status ) );
			return $response;
		}
		$result = new WP_REST_Response( null, (int) wp_remote_retrieve_response_code( $response ) );
		foreach ( self::PASSED_HEADERS as $name ) {
			$value = wp_remote_retrieve_header( $response, $name );
			$value = is_array( $value ) ? end( $value ) : $value;
			if ( '' !== $value ) {
				$result->header( $name, $value );
			}
		}
		$result->header( 'X-Content-Type-Options', 'nosniff' );
		if ( '' !== $file ) {
			$result->header( 'Content-Length', (string) filesize( $file ) );
			$result->set_data( array( 'pbi_export_raw_file' => $file ) );
		} else {
			$result->set_data( array( 'pbi_export_raw_body' => wp_remote_retrieve_body( $response ) ) );
		}
		return $result;
	}

	/**
	 * Prints the answers of this plugin's routes as they are (images, PDFs, the server's JSON),
	 * and this plugin's own errors as problem documents the widget shows in words.
	 *
	 * @param bool             $served  Whether another filter already served it.
	 * @param WP_HTTP_Response $result  The answer.
	 * @param WP_REST_Request  $request The request.
	 */
	public static function serve_raw( $served, $result, $request ): bool {
		if ( $served || ! str_starts_with( (string) $request->get_route(), '/' . self::REST_NAMESPACE . '/' ) ) {
			return (bool) $served;
		}
		// WordPress answers every REST route with CORS for the request's origin, credentials
		// included; these routes are for this site's own pages only.
		header_remove( 'Access-Control-Allow-Origin' );
		header_remove( 'Access-Control-Allow-Credentials' );
		$data = $result->get_data();
		if ( is_array( $data ) && ( isset( $data['pbi_export_raw_file'] ) || array_key_exists( 'pbi_export_raw_body', $data ) ) ) {
			// PHP turns the status into 302 when a Location header is sent under any status but
			// 201 and 3xx: a queued job's 202 keeps its status.
			http_response_code( $result->get_status() );
		}
		if ( is_array( $data ) && isset( $data['pbi_export_raw_file'] ) ) {
			// A job's file, streamed to disk by forward() and sent from there in pieces.
			readfile( $data['pbi_export_raw_file'] );
			wp_delete_file( $data['pbi_export_raw_file'] );
			return true;
		}
		if ( is_array( $data ) && array_key_exists( 'pbi_export_raw_body', $data ) ) {
			echo $data['pbi_export_raw_body']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- the export server's own bytes, served with its Content-Type and nosniff.
			return true;
		}
		if ( is_array( $data ) && isset( $data['code'], $data['message'] ) ) {
			$status = $result->get_status();
			header( 'Content-Type: application/problem+json; charset=UTF-8' );
			echo wp_json_encode(
				array(
					'type'   => '/problems/' . ( array( 400 => 'bad-request', 401 => 'unauthorized', 404 => 'not-found', 413 => 'body-too-large', 415 => 'unsupported-media-type' )[ $status ] ?? 'unavailable' ),
					'title'  => get_status_header_desc( $status ),
					'status' => $status,
					'detail' => (string) $data['message'],
				),
				JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
			);
			return true;
		}
		return false;
	}
}
