# pbi-export container image: the same jar for every role (PBI_EXPORT_ROLE=all|web|worker), on
# a Java 17 JRE with Debian's Chromium and fonts; no browser is ever downloaded.
# Build: docker build -t pbi-export .    Deploying it: docs/deploy.md.

# Build stage. The Maven wrapper pins Maven; the dependencies are a layer of their own, so a
# change under server/src/ does not download them again. Only the server module is built.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY server/pom.xml server/pom.xml
RUN ./mvnw -B -q -f server/pom.xml dependency:go-offline
COPY server/src server/src
RUN ./mvnw -B -ntp -DskipTests -f server/pom.xml package \
 && cp server/target/pbi-export-*.jar /pbi-export.jar

# Runtime stage: a JRE (no compiler, no Maven), Chromium, fonts for Latin and CJK reports,
# curl for the health check, tini as PID 1 so that Chromium's orphaned children are reaped.
# openjdk's post-install links its man pages into /usr/share/man/man1, which -slim leaves out.
FROM debian:bookworm-slim
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless chromium \
      fonts-dejavu-core fonts-liberation fonts-noto-cjk \
      ca-certificates curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 pbi \
 && useradd --uid 10001 --gid pbi --create-home --home-dir /home/pbi --shell /usr/sbin/nologin pbi \
 && mkdir -p /data \
 && chown pbi:pbi /data
COPY --from=build /pbi-export.jar /opt/pbi-export/pbi-export.jar
# Playwright unpacks its driver (Node.js) into java.io.tmpdir (/tmp) at start and Chromium
# keeps its profile there: the user needs a writable /tmp and home. The heap gets 30 % of the
# container's memory, the rest is Chromium's on the roles that render (web nodes raise it).
ENV HOME=/home/pbi \
    PBI_EXPORT_DATA_DIR=/data \
    PBI_EXPORT_RENDER_CHROMIUM_PATH=/usr/bin/chromium \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=30"
WORKDIR /home/pbi
# Numeric, so that Kubernetes' runAsNonRoot can verify it; 10001 is the user pbi created above.
USER 10001:10001
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["/usr/bin/tini", "--", "java", "-jar", "/opt/pbi-export/pbi-export.jar"]
