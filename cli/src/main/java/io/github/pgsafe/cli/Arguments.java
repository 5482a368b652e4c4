package io.github.pgsafe.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options and operands of one command. Every option takes a value, written {@code --name value}
 * or {@code --name=value}; {@code --} ends the options. An option given twice is an error, so that
 * a script cannot silently override itself.
 */
final class Arguments {
  private final String command;
  private final Map<String, String> options;
  private final List<String> operands;

  private Arguments(String command, Map<String, String> options, List<String> operands) {
    this.command = command;
    this.options = options;
    this.operands = operands;
  }

  /**
   * Parses {@code args} of {@code command}.
   *
   * @param known the option names (without {@code --}) the command accepts
   * @throws UsageException for an unknown option, a missing value or a repeated option
   */
  static Arguments parse(String command, List<String> args, List<String> known) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> operands = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        operands.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException(
            "unknown option '" + arg + "' for 'pgsafe " + command + "'" + hint(command, known));
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else {
        value = null;
      }
      if (!known.contains(name)) {
        throw new UsageException(
            "unknown option '--" + name + "' for 'pgsafe " + command + "'" + hint(command, known));
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException("option '--" + name + "' needs a value");
        }
        value = args.get(++i);
      }
      if (options.putIfAbsent(name, value) != null) {
        throw new UsageException("option '--" + name + "' is given more than once");
      }
    }
    return new Arguments(command, options, operands);
  }

  private static String hint(String command, List<String> known) {
    if (known.isEmpty()) {
      return "; it takes no options";
    }
    StringBuilder names = new StringBuilder();
    for (String name : known) {
      names.append(names.length() == 0 ? "" : ", ").append("--").append(name);
    }
    return "; it accepts " + names + " (see pgsafe " + command + " --help)";
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  List<String> operands() {
    return operands;
  }
}
