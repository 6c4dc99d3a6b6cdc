/**
 * Editor side of the "Power BI export" block: plain ES5 on WordPress's globals, no build step.
 * The page shows the widget through the block's PHP render_callback; the editor shows a
 * placeholder with the report, page and formats to choose.
 */
( function ( blocks, element, components, blockEditor, i18n, apiFetch ) {
	'use strict';

	var el = element.createElement;
	var __ = i18n.__;
	var sprintf = i18n.sprintf;

	/* The reports the export server shows this site's key, through the plugin's own route. */
	function useReports() {
		var state = element.useState( null );
		element.useEffect( function () {
			var cancelled = false;
			apiFetch( { path: '/pbi-export/v1/api/reports' } ).then( function ( body ) {
				if ( ! cancelled ) {
					state[ 1 ]( ( body && body.reports ) || [] );
				}
			}, function () {
				if ( ! cancelled ) {
					state[ 1 ]( [] );
				}
			} );
			return function () {
				cancelled = true;
			};
		}, [] );
		return state[ 0 ];
	}

	function reportControl( reports, value, onChange ) {
		if ( reports && reports.length ) {
			return el( components.SelectControl, {
				label: __( 'Report', 'pbi-export' ),
				value: value ? String( value ) : '',
				options: [ { value: '', label: __( 'Choose a report…', 'pbi-export' ) } ].concat( reports.map( function ( r ) {
					return { value: String( r.report_id ), label: r.title + ' (' + r.report_id + ')' };
				} ) ),
				onChange: onChange
			} );
		}
		return el( components.TextControl, {
			label: __( 'Report number', 'pbi-export' ),
			type: 'number',
			min: 1,
			value: value ? String( value ) : '',
			onChange: onChange
		} );
	}

	function Edit( props ) {
		var attributes = props.attributes;
		var reports = useReports();
		var setReport = function ( value ) {
			var id = parseInt( value, 10 );
			props.setAttributes( { report: id > 0 ? id : undefined } );
		};
		var title = attributes.report ? sprintf( __( 'Power BI export: report %d', 'pbi-export' ), attributes.report ) : __( 'Power BI export', 'pbi-export' );
		( reports || [] ).forEach( function ( r ) {
			if ( String( r.report_id ) === String( attributes.report ) ) {
				title = sprintf( __( 'Power BI export: %s', 'pbi-export' ), r.title );
			}
		} );

		return el( 'div', blockEditor.useBlockProps(),
			el( blockEditor.InspectorControls, null,
				el( components.PanelBody, { title: __( 'Report', 'pbi-export' ) },
					reportControl( reports, attributes.report, setReport ),
					el( components.TextControl, {
						label: __( 'Page (internal name, optional)', 'pbi-export' ),
						help: __( 'Empty: visitors choose the page.', 'pbi-export' ),
						value: attributes.page,
						onChange: function ( value ) { props.setAttributes( { page: value } ); }
					} ),
					el( components.SelectControl, {
						label: __( 'Formats', 'pbi-export' ),
						value: attributes.formats,
						options: [
							{ value: '', label: __( 'The site\'s default', 'pbi-export' ) },
							{ value: 'png,pdf', label: __( 'PNG and PDF', 'pbi-export' ) },
							{ value: 'png', label: __( 'PNG only', 'pbi-export' ) },
							{ value: 'pdf', label: __( 'PDF only', 'pbi-export' ) },
							{ value: 'png,pdf,pptx', label: __( 'PNG, PDF and PowerPoint', 'pbi-export' ) },
							{ value: 'png,pdf,pptx,zip', label: __( 'PNG, PDF, PowerPoint and ZIP', 'pbi-export' ) }
						],
						onChange: function ( value ) { props.setAttributes( { formats: value } ); }
					} )
				)
			),
			el( components.Placeholder, {
				icon: 'download',
				label: title,
				instructions: attributes.report
					? __( 'Visitors choose the filters, preview the report and download it here.', 'pbi-export' )
					: __( 'Choose the report to offer.', 'pbi-export' )
			}, attributes.report ? null : reportControl( reports, attributes.report, setReport ) )
		);
	}

	blocks.registerBlockType( 'pbi-export/report', {
		edit: Edit,
		save: function () {
			return null;
		}
	} );
}( window.wp.blocks, window.wp.element, window.wp.components, window.wp.blockEditor, window.wp.i18n, window.wp.apiFetch ) );
