<?php
/**
 * The shortcode and the block, which print the same widget markup.
 *
 * @package PbiExport
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Prints `<div data-pbi-export …>` pointing the widget at this site's REST routes and loads the
 * widget script through them.
 */
final class Pbi_Export_Embed {

	const SCRIPT = 'pbi-export-widget';

	/**
	 * Hooks the script, the shortcode and the block.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'init' ) );
	}

	/**
	 * Registers the widget script, the shortcode and the block.
	 */
	public static function init(): void {
		wp_register_script( self::SCRIPT, Pbi_Export_Proxy::base_url() . '/widget/pbi-export.js', array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- the server versions its script and answers with ETag.
		add_shortcode( 'pbi_export', array( self::class, 'shortcode' ) );
		register_block_type( PBI_EXPORT_DIR . 'blocks/report', array( 'render_callback' => array( self::class, 'render_block' ) ) );
		wp_set_script_translations( 'pbi-export-report-editor-script', 'pbi-export', PBI_EXPORT_DIR . 'languages' );
	}

	/**
	 * [pbi_export report="1" page="ReportSection1" formats="png,pdf" filter-year="2024"]
	 *
	 * @param array<string,string>|string $atts The shortcode's attributes.
	 */
	public static function shortcode( $atts ): string {
		$atts    = is_array( $atts ) ? $atts : array();
		$filters = array();
		foreach ( $atts as $name => $value ) {
			if ( is_string( $name ) && str_starts_with( $name, 'filter-' ) ) {
				$filters[ substr( $name, 7 ) ] = (string) $value;
			}
		}
		$atts = shortcode_atts(
			array(
				'report'  => '',
				'page'    => '',
				'formats' => '',
			),
			$atts,
			'pbi_export'
		);
		return self::markup( absint( $atts['report'] ), (string) $atts['page'], (string) $atts['formats'], $filters );
	}

	/**
	 * The block's server-side rendering.
	 *
	 * @param array<string,mixed> $attributes The block's attributes.
	 */
	public static function render_block( array $attributes ): string {
		$markup = self::markup(
			absint( $attributes['report'] ?? 0 ),
			(string) ( $attributes['page'] ?? '' ),
			(string) ( $attributes['formats'] ?? '' )
		);
		return '' === $markup ? '' : '<div ' . get_block_wrapper_attributes() . '>' . $markup . '</div>';
	}

	/**
	 * The widget's element, every attribute escaped, and the script enqueued.
	 *
	 * @param int                  $report  The report id.
	 * @param string               $page    An internal page name, or empty for the page choice.
	 * @param string               $formats Comma-separated from png, pdf, pptx, zip; empty for the settings' default.
	 * @param array<string,string> $filters Preset filter values by column, several joined with |.
	 */
	public static function markup( int $report, string $page = '', string $formats = '', array $filters = array() ): string {
		if ( $report < 1 ) {
			return current_user_can( 'edit_posts' )
				? '<p class="pbi-export-missing">' . esc_html__( 'pbi-export: choose a report (report="1").', 'pbi-export' ) . '</p>'
				: '';
		}
		$chosen = array_values( array_intersect( Pbi_Export_Settings::FORMATS, array_map( 'trim', explode( ',', strtolower( $formats ) ) ) ) );
		$chosen = $chosen ? $chosen : Pbi_Export_Settings::get()['formats'];

		$attributes = array(
			'data-report-id' => (string) $report,
			'data-server'    => Pbi_Export_Proxy::base_url(),
			'data-formats'   => implode( ',', $chosen ),
		);
		if ( '' !== trim( $page ) ) {
			$attributes['data-page'] = trim( $page );
		}
		foreach ( $filters as $column => $value ) {
			$name = strtolower( preg_replace( '/[^A-Za-z0-9_-]/', '', (string) $column ) );
			if ( '' !== $name ) {
				$attributes[ 'data-filter-' . $name ] = $value;
			}
		}

		$html = '<div class="pbi-export-embed" data-pbi-export';
		foreach ( $attributes as $name => $value ) {
			$html .= ' ' . $name . '="' . ( 'data-server' === $name ? esc_url( $value ) : esc_attr( $value ) ) . '"';
		}
		$html .= '>' . esc_html__( 'Loading the report export…', 'pbi-export' ) . '</div>';
		$html .= '<noscript>' . esc_html__( 'Previewing and downloading this report needs JavaScript.', 'pbi-export' ) . '</noscript>';

		wp_enqueue_script( self::SCRIPT );
		return $html;
	}
}
