package org.pbiexport.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AccessMode;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import org.jspecify.annotations.Nullable;

/**
 * The credential document that {@code POST} and {@code PUT /api/admin/credentials} take,
 * as the OpenAPI document shows it (docs/contract.md, Credentials). It only describes:
 * {@link CredentialDocument#read} still reads the JSON tree, so that every bad field is
 * named in one 400 and a secret is never repeated in an answer.
 */
@Schema(name = "CredentialInput", description = "A service principal (tenant_id, client_id, client_secret) or a "
		+ "Windows account (username, password, origin); fields of the other kind are a 400")
record CredentialInput(
		@Schema(requiredMode = RequiredMode.REQUIRED, minLength = 1, maxLength = 100, pattern = "^[A-Za-z0-9._-]+$",
				description = "required on POST; cannot change on PUT", example = "contoso-sp") String name,
		@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {
				"service_principal", "windows" }, description = "required on POST; cannot change on PUT") String kind,
		@JsonProperty("tenant_id") @Schema(
				description = "service_principal: the Entra ID tenant, a GUID") @Nullable String tenantId,
		@JsonProperty("client_id") @Schema(
				description = "service_principal: the app's client id, a GUID") @Nullable String clientId,
		@JsonProperty("client_secret") @Schema(accessMode = AccessMode.WRITE_ONLY,
				description = "service_principal: required on POST; on PUT, absent keeps the stored one") @Nullable String clientSecret,
		@Schema(description = "windows: the account, e.g. CONTOSO\\\\svc-export") @Nullable String username,
		@Schema(accessMode = AccessMode.WRITE_ONLY,
				description = "windows: required on POST; on PUT, absent keeps the stored one") @Nullable String password,
		@Schema(description = "windows: the Report Server's origin",
				example = "https://reports.contoso.local") @Nullable String origin){

}
