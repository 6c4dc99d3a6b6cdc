package org.pbiexport.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This node's name as a worker ({@code pbi-export.worker.id}, else host name and process
 * id): in logs, in {@code pbi_export_renders_total{worker}}, in a job's status and in
 * {@code X-Rendered-By}, in every role.
 */
@Component
public class WorkerId {

	private final String value;

	@Autowired
	WorkerId(ClusterProperties properties) {
		String id = properties.worker().id();
		this.value = (id != null && !id.isBlank()) ? id.trim() : hostName() + "-" + ProcessHandle.current().pid();
	}

	public WorkerId(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
