<?php
/**
 * REST routes that forward the export jobs API (docs/contract.md, "Export jobs").
 *
 * @package PbiExport
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Forwards POST /api/exports, GET /api/exports/{id}, GET /api/exports/{id}/file and
 * DELETE /api/exports/{id}, so that the widget exports several pages, PowerPoint and ZIP
 * files as one job with progress instead of waiting on one long GET /api/export.
 *
 * The addresses the server answers with (Location, status_url, file_url) name its own
 * paths; they are rewritten to this site's routes so that a client following them stays
 * behind the proxy. The widget itself builds the job's addresses from data-server.
 *
 * Only JSON bodies are forwarded: a form on another site cannot send application/json
 * without asking the browser first (CORS), and these routes answer no CORS (serve_raw()).
 */
final class Pbi_Export_Jobs {

	/** Job ids as the server makes them (UUIDs), with room for other opaque ids; never a path. */
	const JOB_ID = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}';

	/** The largest body forwarded, as the server's own default bound (pbi-export.http.max-export-body). */
	const MAX_BODY = 65536;

	/**
	 * Registers the job paths under the plugin's namespace.
	 */
	public static function register_routes(): void {
		$permission = array( Pbi_Export_Proxy::class, 'permission' );
		register_rest_route(
			Pbi_Export_Proxy::REST_NAMESPACE,
			'/api/exports',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( self::class, 'create' ),
				'permission_callback' => $permission,
			)
		);
		register_rest_route(
			Pbi_Export_Proxy::REST_NAMESPACE,
			'/api/exports/(?P<id>' . self::JOB_ID . ')',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => static fn( WP_REST_Request $r ) => self::relay( 'GET', $r ),
					'permission_callback' => $permission,
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => static fn( WP_REST_Request $r ) => self::relay( 'DELETE', $r ),
					'permission_callback' => $permission,
				),
			)
		);
		register_rest_route(
			Pbi_Export_Proxy::REST_NAMESPACE,
			'/api/exports/(?P<id>' . self::JOB_ID . ')/file',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( self::class, 'file' ),
				'permission_callback' => $permission,
			)
		);
	}

	/**
	 * POST /api/exports: the JSON body passed on as it is, after its type and size are checked.
	 *
	 * @param WP_REST_Request $request The browser's request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function create( WP_REST_Request $request ) {
		$type = $request->get_content_type();
		if ( ! is_array( $type ) || 'application/json' !== strtolower( (string) $type['value'] ) ) {
			return new WP_Error( 'pbi_export_json_only', __( 'An export job is asked for with a JSON body (Content-Type: application/json).', 'pbi-export' ), array( 'status' => 415 ) );
		}
		$body = (string) $request->get_body();
		if ( strlen( $body ) > self::MAX_BODY ) {
			/* translators: %d: the most bytes a request body may have. */
			return new WP_Error( 'pbi_export_body_too_large', sprintf( __( 'The export request is larger than %d bytes.', 'pbi-export' ), self::MAX_BODY ), array( 'status' => 413 ) );
		}
		$headers = array( 'Content-Type' => 'application/json' ) + Pbi_Export_Proxy::passed_request_headers( $request );
		$answer  = Pbi_Export_Proxy::forward(
			'/api/exports',
			$headers,
			0,
			array(
				'method' => 'POST',
				'body'   => $body,
			)
		);
		return self::rewritten( $answer, Pbi_Export_Proxy::wrap( $answer ) );
	}

	/**
	 * GET (the status) or DELETE of one job.
	 *
	 * @param string          $method  GET or DELETE.
	 * @param WP_REST_Request $request The browser's request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function relay( string $method, WP_REST_Request $request ) {
		$answer = Pbi_Export_Proxy::forward(
			'/api/exports/' . $request['id'],
			Pbi_Export_Proxy::passed_request_headers( $request ),
			0,
			array( 'method' => $method )
		);
		return self::rewritten( $answer, Pbi_Export_Proxy::wrap( $answer ) );
	}

	/**
	 * GET /api/exports/{id}/file: the file is streamed to a temporary file, not into PHP's
	 * memory (job files may be hundreds of megabytes), and sent from there with its length.
	 *
	 * @param WP_REST_Request $request The browser's request.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function file( WP_REST_Request $request ) {
		$file = tempnam( get_temp_dir(), 'pbi-export-' );
		if ( false === $file ) {
			return new WP_Error( 'pbi_export_no_temp', __( 'The site could not store the file for a moment. Try again later.', 'pbi-export' ), array( 'status' => 503 ) );
		}
		$answer = Pbi_Export_Proxy::forward(
			'/api/exports/' . $request['id'] . '/file',
			Pbi_Export_Proxy::passed_request_headers( $request ),
			0,
			array(
				'stream'   => true,
				'filename' => $file,
			)
		);
		if ( is_wp_error( $answer ) ) {
			wp_delete_file( $file );
			return Pbi_Export_Proxy::wrap( $answer );
		}
		return Pbi_Export_Proxy::wrap( $answer, $file );
	}

	/**
	 * The answer with the server's job addresses turned into this site's routes: the
	 * Location header and every "…_url" field naming /api/exports/….
	 *
	 * @param array|WP_Error            $answer The forward() answer.
	 * @param WP_REST_Response|WP_Error $result Its wrapped form.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function rewritten( $answer, $result ) {
		if ( is_wp_error( $answer ) || is_wp_error( $result ) ) {
			return $result;
		}
		$location = wp_remote_retrieve_header( $answer, 'location' );
		$location = is_array( $location ) ? end( $location ) : (string) $location;
		if ( str_starts_with( $location, '/api/exports/' ) ) {
			$result->header( 'Location', Pbi_Export_Proxy::base_url() . $location );
		}
		$data = $result->get_data();
		$base = substr( (string) wp_json_encode( Pbi_Export_Proxy::base_url(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ), 1, -1 );
		$data['pbi_export_raw_body'] = (string) preg_replace( '{("[A-Za-z0-9]+_url"\s*:\s*")(/api/exports/)}', '${1}' . addcslashes( $base, '\\$' ) . '${2}', (string) $data['pbi_export_raw_body'] );
		$result->set_data( $data );
		return $result;
	}
}
