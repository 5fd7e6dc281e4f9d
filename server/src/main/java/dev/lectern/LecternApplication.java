package dev.lectern;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Lectern: live workshops — lifecycle, signaling, Agora tokens and recording. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LecternApplication {

    public static void main(String[] args) {
        SpringApplication.run(LecternApplication.class, args);
    }
}
