<?php
/**
 * The settings page: server address, API key and default formats.
 *
 * @package PbiExport
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Stores the plugin's settings in one option and draws Settings → pbi-export.
 *
 * The API key is written to the option and never printed back: the page only says whether a
 * key is saved, and an empty key field keeps it.
 */
final class Pbi_Export_Settings {

	const OPTION  = 'pbi_export_settings';
	const PAGE    = 'pbi-export';
	const GROUP   = 'pbi_export';
	const FORMATS = array( 'png', 'pdf', 'pptx', 'zip' );

	/** The formats offered where neither the settings nor a block or shortcode name any. */
	const DEFAULT_FORMATS = array( 'png', 'pdf' );

	/**
	 * Hooks the settings page into the admin.
	 */
	public static function register(): void {
		add_action( 'admin_init', array( self::class, 'register_setting' ) );
		add_action( 'admin_menu', array( self::class, 'add_page' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( PBI_EXPORT_FILE ), array( self::class, 'action_links' ) );
	}

	/**
	 * The settings with their defaults filled in.
	 *
	 * @return array{server_url: string, api_key: string, formats: string[], require_login: bool}
	 */
	public static function get(): array {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		return array(
			'server_url'    => isset( $stored['server_url'] ) ? (string) $stored['server_url'] : '',
			'api_key'       => isset( $stored['api_key'] ) ? (string) $stored['api_key'] : '',
			'formats'       => isset( $stored['formats'] ) && is_array( $stored['formats'] ) && $stored['formats'] ? array_values( $stored['formats'] ) : self::DEFAULT_FORMATS,
			'require_login' => ! empty( $stored['require_login'] ),
		);
	}

	/**
	 * Registers the option, its section and fields with the Settings API.
	 */
	public static function register_setting(): void {
		register_setting(
			self::GROUP,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( self::class, 'sanitize' ),
				'show_in_rest'      => false,
				'default'           => array(),
			)
		);
		add_settings_section( 'pbi_export_server', __( 'Export server', 'pbi-export' ), array( self::class, 'section_intro' ), self::PAGE );
		add_settings_field( 'pbi_export_server_url', __( 'Server address', 'pbi-export' ), array( self::class, 'field_server_url' ), self::PAGE, 'pbi_export_server', array( 'label_for' => 'pbi_export_server_url' ) );
		add_settings_field( 'pbi_export_api_key', __( 'API key', 'pbi-export' ), array( self::class, 'field_api_key' ), self::PAGE, 'pbi_export_server', array( 'label_for' => 'pbi_export_api_key' ) );
		add_settings_field( 'pbi_export_formats', __( 'Default formats', 'pbi-export' ), array( self::class, 'field_formats' ), self::PAGE, 'pbi_export_server' );
		add_settings_field( 'pbi_export_require_login', __( 'Who may export', 'pbi-export' ), array( self::class, 'field_require_login' ), self::PAGE, 'pbi_export_server' );
	}

	/**
	 * Adds Settings → pbi-export for users who may manage options.
	 */
	public static function add_page(): void {
		add_options_page( __( 'pbi-export', 'pbi-export' ), __( 'pbi-export', 'pbi-export' ), 'manage_options', self::PAGE, array( self::class, 'render_page' ) );
	}

	/**
	 * Adds a Settings link to the plugin's row on the Plugins screen.
	 *
	 * @param string[] $links The row's links.
	 * @return string[]
	 */
	public static function action_links( array $links ): array {
		$url = admin_url( 'options-general.php?page=' . self::PAGE );
		array_unshift( $links, '<a href="' . esc_url( $url ) . '">' . esc_html__( 'Settings', 'pbi-export' ) . '</a>' );
		return $links;
	}

	/**
	 * Checks what an administrator sent; a wrong server address keeps the saved one.
	 *
	 * @param mixed $input The submitted option value.
	 * @return array{server_url: string, api_key: string, formats: string[], require_login: bool}
	 */
	public static function sanitize( $input ): array {
		$input    = is_array( $input ) ? $input : array();
		$previous = self::get();
		$result   = $previous;

		if ( array_key_exists( 'server_url', $input ) ) {
			$url = self::valid_server_url( (string) $input['server_url'] );
			if ( null === $url ) {
				add_settings_error( self::OPTION, 'pbi_export_server_url', __( 'The server address must be a full http:// or https:// address without a query, such as https://exports.example.internal. The previous address was kept.', 'pbi-export' ) );
			} else {
				$result['server_url'] = $url;
			}
		}

		$key = isset( $input['api_key'] ) ? trim( (string) $input['api_key'] ) : '';
		if ( ! empty( $input['clear_api_key'] ) ) {
			$result['api_key'] = '';
		} elseif ( '' !== $key ) {
			if ( preg_match( '/^[\x21-\x7e]{1,512}$/', $key ) ) {
				$result['api_key'] = $key;
			} else {
				add_settings_error( self::OPTION, 'pbi_export_api_key', __( 'The API key may only contain visible ASCII characters. The previous key was kept.', 'pbi-export' ) );
			}
		}

		if ( array_key_exists( 'formats', $input ) || array_key_exists( 'server_url', $input ) ) {
			$formats = isset( $input['formats'] ) && is_array( $input['formats'] ) ? array_map( 'strval', $input['formats'] ) : array();
			$formats = array_values( array_intersect( self::FORMATS, $formats ) );
			if ( ! $formats ) {
				add_settings_error( self::OPTION, 'pbi_export_formats', __( 'Choose at least one format; PNG and PDF are offered until then.', 'pbi-export' ) );
				$formats = self::DEFAULT_FORMATS;
			}
			$result['formats']       = $formats;
			$result['require_login'] = ! empty( $input['require_login'] );
		}
		return $result;
	}

	/**
	 * A server address without trailing slash, or null when it is not a usable http(s) address.
	 *
	 * @param string $raw What was typed.
	 */
	public static function valid_server_url( string $raw ): ?string {
		$url = untrailingslashit( trim( $raw ) );
		if ( '' === $url ) {
			return '';
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || ! in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true )
			|| isset( $parts['query'] ) || isset( $parts['fragment'] ) || isset( $parts['user'] ) || false === filter_var( $url, FILTER_VALIDATE_URL ) ) {
			return null;
		}
		return esc_url_raw( $url, array( 'http', 'https' ) );
	}

	/**
	 * Explains the section.
	 */
	public static function section_intro(): void {
		echo '<p>' . esc_html__( 'Visitors\' browsers talk only to this site; it forwards their requests to the export server with the API key, which never reaches a page.', 'pbi-export' ) . '</p>';
	}

	/**
	 * The server address field.
	 */
	public static function field_server_url(): void {
		$settings = self::get();
		printf(
			'<input type="url" class="regular-text code" id="pbi_export_server_url" name="%1$s[server_url]" value="%2$s" placeholder="https://exports.example.internal" />',
			esc_attr( self::OPTION ),
			esc_attr( $settings['server_url'] )
		);
		echo '<p class="description">' . esc_html__( 'The address of the pbi-export server as this web server reaches it.', 'pbi-export' ) . '</p>';
	}

	/**
	 * The API key field: always empty, it only says whether a key is saved.
	 */
	public static function field_api_key(): void {
		$saved = '' !== self::get()['api_key'];
		printf(
			'<input type="password" class="regular-text" id="pbi_export_api_key" name="%1$s[api_key]" value="" autocomplete="new-password" />',
			esc_attr( self::OPTION )
		);
		if ( $saved ) {
			echo '<p class="description">' . esc_html__( 'A key is saved; leave empty to keep it.', 'pbi-export' ) . '</p>';
			printf(
				'<p><label><input type="checkbox" name="%1$s[clear_api_key]" value="1" /> %2$s</label></p>',
				esc_attr( self::OPTION ),
				esc_html__( 'Remove the saved key', 'pbi-export' )
			);
		} else {
			echo '<p class="description">' . esc_html__( 'No key is saved. An administrator of pbi-export makes one at /admin/api-keys; limit it to the reports this site shows.', 'pbi-export' ) . '</p>';
		}
	}

	/**
	 * The default formats, used where a shortcode or block names none.
	 */
	public static function field_formats(): void {
		$formats = self::get()['formats'];
		echo '<fieldset>';
		foreach ( self::FORMATS as $format ) {
			printf(
				'<label><input type="checkbox" name="%1$s[formats][]" value="%2$s" %3$s /> %4$s</label><br />',
				esc_attr( self::OPTION ),
				esc_attr( $format ),
				checked( in_array( $format, $formats, true ), true, false ),
				esc_html( array( 'pptx' => 'PowerPoint (PPTX)', 'zip' => __( 'ZIP (one PNG per page)', 'pbi-export' ) )[ $format ] ?? strtoupper( $format ) )
			);
		}
		echo '</fieldset>';
	}

	/**
	 * Whether anonymous visitors may use the export routes.
	 */
	public static function field_require_login(): void {
		printf(
			'<label><input type="checkbox" name="%1$s[require_login]" value="1" %2$s /> %3$s</label>',
			esc_attr( self::OPTION ),
			checked( self::get()['require_login'], true, false ),
			esc_html__( 'Only signed-in users may preview and download (default: everyone who can see the page).', 'pbi-export' )
		);
	}

	/**
	 * Draws the settings page.
	 */
	public static function render_page(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to change these settings.', 'pbi-export' ), 403 );
		}
		echo '<div class="wrap"><h1>' . esc_html( get_admin_page_title() ) . '</h1>';
		if ( '' === (string) get_option( 'permalink_structure' ) ) {
			echo '<div class="notice notice-warning"><p>' . esc_html__( 'The widget needs pretty permalinks (Settings → Permalinks, any choice but "Plain") to reach this site\'s REST routes.', 'pbi-export' ) . '</p></div>';
		}
		self::render_connection_status();
		echo '<form action="' . esc_url( admin_url( 'options.php' ) ) . '" method="post">';
		settings_fields( self::GROUP );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form>';
		echo '<h2>' . esc_html__( 'Embedding', 'pbi-export' ) . '</h2><p>' . esc_html__( 'Add the "Power BI export" block, or the shortcode:', 'pbi-export' ) . '</p>';
		echo '<p><code>[pbi_export report="1" page="ReportSection1" formats="png,pdf"]</code></p></div>';
	}

	/**
	 * Says whether the saved server answers with the saved key.
	 */
	private static function render_connection_status(): void {
		if ( '' === self::get()['server_url'] ) {
			return;
		}
		$response = Pbi_Export_Proxy::forward( '/api/reports', array(), 10 );
		if ( is_wp_error( $response ) ) {
			$class   = 'notice-error';
			$message = $response->get_error_message();
		} elseif ( 200 === wp_remote_retrieve_response_code( $response ) ) {
			$body    = json_decode( wp_remote_retrieve_body( $response ), true );
			$count   = is_array( $body ) && isset( $body['reports'] ) && is_array( $body['reports'] ) ? count( $body['reports'] ) : 0;
			$class   = 'notice-success';
			/* translators: %d: number of reports. */
			$message = sprintf( _n( 'Connected: the server shows %d report with this key.', 'Connected: the server shows %d reports with this key.', $count, 'pbi-export' ), $count );
		} else {
			$class   = 'notice-error';
			/* translators: %d: HTTP status code. */
			$message = sprintf( __( 'The server refused the request (HTTP %d). Check the API key.', 'pbi-export' ), wp_remote_retrieve_response_code( $response ) );
		}
		echo '<div class="notice pbi-export-connection ' . esc_attr( $class ) . ' inline"><p>' . esc_html( $message ) . '</p></div>';
	}
}
