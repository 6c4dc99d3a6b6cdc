# pbi-export container image: the same jar for every role (PBI_EXPORT_ROLE=all|web|worker),
# Debian's Chromium for rendering. Build: docker build -t pbi-export .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package && cp target/pbi-export-*.jar /pbi-export.jar

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless chromium fonts-dejavu-core fonts-noto-cjk ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data pbi \
 && mkdir -p /data && chown pbi /data
COPY --from=build /pbi-export.jar /opt/pbi-export/pbi-export.jar
USER pbi
ENV PBI_EXPORT_DATA_DIR=/data \
    PBI_EXPORT_RENDER_CHROMIUM_PATH=/usr/bin/chromium \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/opt/pbi-export/pbi-export.jar"]
