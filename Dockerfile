# Builds and runs the Listbridge daemon. Mount the config at /etc/listbridge/listbridge.yml, pass the
# secrets it names as environment variables and keep /var/lib/listbridge (the SQLite state store) on a
# volume, or point `state:` at PostgreSQL.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q install -pl listbridge-cli -am -DskipTests -DskipITs \
    && mkdir /dist && cp listbridge-cli/target/listbridge-cli-*.jar /dist/listbridge-cli.jar && cp -r listbridge-cli/target/lib /dist/lib

FROM eclipse-temurin:25-jre
RUN useradd --system --home /var/lib/listbridge listbridge && mkdir -p /var/lib/listbridge && chown listbridge /var/lib/listbridge
COPY --from=build /dist /opt/listbridge
USER listbridge
WORKDIR /var/lib/listbridge
# Bind to all interfaces inside the container (server.listen: 0.0.0.0:8787 in the config); publish only
# what tools and admins must reach.
EXPOSE 8787
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-cp", "/opt/listbridge/listbridge-cli.jar:/opt/listbridge/lib/*", "dev.listbridge.cli.Main", "run", "-c", "/etc/listbridge/listbridge.yml"]
CMD ["--log-format", "json"]
