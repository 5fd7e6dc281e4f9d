package dev.lectern.system;

/** A setting that keeps the server from starting; reported as one clear line by {@link ConfigurationProblemAnalyzer}. */
public class ConfigurationProblem extends RuntimeException {

    private final String action;

    public ConfigurationProblem(String problem, String action) {
        super(problem);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
