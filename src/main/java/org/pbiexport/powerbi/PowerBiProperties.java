package org.pbiexport.powerbi;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Power BI module.
 *
 * @param allowedHosts hosts whose addresses may be registered and rendered;
 * {@code *.example.com} matches every subdomain of example.com. An entry without a port
 * allows the standard ports 80 and 443 only; {@code host:8443} allows that port,
 * {@code host:*} any port. The app's own demo report is always allowed.
 */
@ConfigurationProperties("pbi-export.render")
public record PowerBiProperties(@DefaultValue( {
		"app.powerbi.com", "*.powerbi.com", "app.powerbigov.us", "*.powerbigov.us", "app.mil.powerbigov.us",
		"app.high.powerbigov.us", "app.powerbi.cn", "*.powerbi.cn", "app.powerbi.de", "*.powerbi.de",
		"app.fabric.microsoft.com", "*.fabric.microsoft.com" }) List<String> allowedHosts){

}
