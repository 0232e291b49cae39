#include "ci_files.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "ci_fixtures.hpp"

namespace gate::test {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool truthy(const json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  return !v.get<std::string>().empty();
}

// GitHub coerces operands of different types to numbers before comparing them.
double as_number(const json& v) {
  if (v.is_null()) return 0;
  if (v.is_boolean()) return v.get<bool>() ? 1 : 0;
  const std::string s = v.get<std::string>();
  if (s.empty()) return 0;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  return *end == '\0' ? d : std::nan("");
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool equal(const json& a, const json& b) {
  if (a.is_string() && b.is_string()) return lower(a.get<std::string>()) == lower(b);
  if (a.type() == b.type()) return a == b;
  return as_number(a) == as_number(b);  // NaN equals nothing
}

std::string as_text(const json& v) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.get<std::string>();
}

class Expression {
 public:
  Expression(const std::string& text, const ActionContext& context) : s_(text), c_(context) {}
  json evaluate() {
    json v = disjunction();
    space();
    if (i_ != s_.size()) fail("unexpected text");
    return v;
  }

 private:
  const std::string& s_;
  const ActionContext& c_;
  std::size_t i_ = 0;

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("expression `" + s_ + "` at " + std::to_string(i_) + ": " + why);
  }
  void space() {
    while (i_ < s_.size() && s_[i_] == ' ') ++i_;
  }
  bool take(const std::string& token) {
    space();
    if (s_.compare(i_, token.size(), token) != 0) return false;
    i_ += token.size();
    return true;
  }
  json disjunction() {
    json v = conjunction();
    while (take("||")) {
      json r = conjunction();
      if (!truthy(v)) v = r;
    }
    return v;
  }
  json conjunction() {
    json v = comparison();
    while (take("&&")) {
      json r = comparison();
      if (truthy(v)) v = r;
    }
    return v;
  }
  json comparison() {
    json v = unary();
    if (take("==")) return equal(v, unary());
    if (take("!=")) return !equal(v, unary());
    return v;
  }
  json unary() {
    if (take("!")) return !truthy(unary());
    return primary();
  }
  json primary() {
    space();
    if (take("(")) {
      json v = disjunction();
      if (!take(")")) fail("expected )");
      return v;
    }
    if (i_ < s_.size() && s_[i_] == '\'') return literal();
    std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) ||
                              std::string("._-").find(s_[i_]) != std::string::npos))
      ++i_;
    std::string name = s_.substr(start, i_ - start);
    if (name.empty()) fail("expected a value");
    if (take("(")) {
      if (!take(")")) fail("functions with arguments are not supported");
      return call(name);
    }
    return lookup(name);
  }
  json literal() {
    std::string out;
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] != '\'') {
        out += s_[i_];
      } else if (i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
        out += '\'';
        ++i_;
      } else {
        ++i_;
        return out;
      }
    }
    fail("unclosed string");
  }
  json call(const std::string& name) const {
    if (name == "success") return !c_.failed;
    if (name == "failure") return c_.failed;
    if (name == "always") return true;
    if (name == "cancelled") return false;
    fail("unknown function " + name);
  }
  json lookup(const std::string& name) const {
    if (name == "true" || name == "false") return name == "true";
    if (name == "null") return nullptr;
    std::size_t dot = name.find('.');
    std::string head = name.substr(0, dot),
                rest = dot == std::string::npos ? "" : name.substr(dot + 1);
    auto from = [&](const std::map<std::string, std::string>& m, bool strict) -> json {
      auto it = m.find(rest);
      if (it != m.end()) return it->second;
      if (strict) fail("no " + name);
      return nullptr;
    };
    if (head == "inputs") return from(c_.inputs, true);
    if (head == "github") return from(c_.github, true);
    if (head == "runner") return from(c_.runner, true);
    if (head == "env") return from(c_.env, false);
    if (head == "steps") {
      std::size_t d = rest.find('.');
      std::string id = rest.substr(0, d), what = d == std::string::npos ? "" : rest.substr(d + 1);
      if (what.rfind("outputs.", 0) == 0) {
        auto step = c_.outputs.find(id);
        if (step == c_.outputs.end()) return nullptr;  // not run: GitHub gives null
        auto it = step->second.find(what.substr(8));
        return it == step->second.end() ? json(nullptr) : json(it->second);
      }
      if (what == "outcome" || what == "conclusion") {
        auto it = c_.outcomes.find(id);
        return it == c_.outcomes.end() ? json(nullptr) : json(it->second);
      }
    }
    fail("unsupported context " + name);
  }
};

std::string dollar_braces_stripped(const std::string& condition) {
  std::string c = condition;
  while (!c.empty() && c.back() == ' ') c.pop_back();
  if (c.rfind("${{", 0) == 0 && c.size() >= 5 && c.compare(c.size() - 2, 2, "}}") == 0)
    c = c.substr(3, c.size() - 5);
  return c;
}

// $GITHUB_OUTPUT lines: `name=value`, or `name<<DELIMITER`, lines, `DELIMITER`.
std::map<std::string, std::string> read_outputs(const std::string& text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  auto next_line = [&](std::string& line) {
    if (pos >= text.size()) return false;
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    line = text.substr(pos, end - pos);
    pos = end + 1;
    return true;
  };
  for (std::string line; next_line(line);) {
    std::size_t heredoc = line.find("<<"), eq = line.find('=');
    if (heredoc != std::string::npos && (eq == std::string::npos || heredoc < eq)) {
      std::string name = line.substr(0, heredoc), delimiter = line.substr(heredoc + 2), value;
      for (std::string l; next_line(l) && l != delimiter;) value += (value.empty() ? "" : "\n") + l;
      out[name] = value;
    } else if (eq != std::string::npos) {
      out[line.substr(0, eq)] = line.substr(eq + 1);
    }
  }
  return out;
}

json evaluated(const json& map, const ActionContext& context) {
  json out = json::object();
  if (map.is_object())
    for (const auto& [key, value] : map.items())
      out[key] = value.is_string() ? gh_substitute(value.get<std::string>(), context) : "";
  return out;
}

}  // namespace

json gh_evaluate(const std::string& expression, const ActionContext& context) {
  return Expression(expression, context).evaluate();
}

std::string gh_substitute(const std::string& text, const ActionContext& context) {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t open; (open = text.find("${{", pos)) != std::string::npos;) {
    std::size_t close = text.find("}}", open);
    if (close == std::string::npos) throw std::runtime_error("unclosed ${{ in " + text);
    out += text.substr(pos, open - pos);
    out += as_text(gh_evaluate(text.substr(open + 3, close - open - 3), context));
    pos = close + 2;
  }
  return out + text.substr(pos);
}

bool gh_condition(const std::string& condition, const ActionContext& context) {
  std::string c = dollar_braces_stripped(condition);
  if (c.find_first_not_of(' ') == std::string::npos) return !context.failed;
  bool status = false;
  for (const char* f : {"success(", "failure(", "always(", "cancelled("})
    status = status || c.find(f) != std::string::npos;
  json v = gh_evaluate(c, context);
  return status ? truthy(v) : !context.failed && truthy(v);
}

const StepRun& ActionRun::step(const std::string& id) const {
  for (const StepRun& s : steps)
    if (s.id == id) return s;
  FAIL("the action ran no step " << id);
  throw std::logic_error("unreachable");
}

const StepRun& ActionRun::uses(const std::string& prefix) const {
  for (const StepRun& s : steps)
    if (s.uses.rfind(prefix, 0) == 0) return s;
  FAIL("the action has no step that uses " << prefix);
  throw std::logic_error("unreachable");
}

namespace {

ActionContext initial_context(const json& action, const ActionRunOptions& o) {
  ActionContext context;
  for (const auto& [name, input] : action.at("inputs").items())
    context.inputs[name] = input.contains("default") && input["default"].is_string()
                               ? input["default"].get<std::string>()
                               : "";
  for (const auto& [name, value] : o.inputs) {
    if (!context.inputs.count(name)) throw std::runtime_error("undeclared input " + name);
    context.inputs[name] = value;
  }
  context.github = {{"action_path", o.action_path}, {"workspace", o.workspace.string()}};
  context.runner = {{"temp", o.temp.string()}, {"os", "Linux"}, {"arch", "X64"}};
  return context;
}

// A run step as the runner runs `shell: bash`, with its own output and summary files.
void run_shell_step(const json& s, const ActionRunOptions& o, const ActionContext& context,
                    StepRun& step) {
  if (s.value("shell", "") != "bash") throw std::runtime_error(step.id + ": shell is not bash");
  const std::string dir = (o.temp / ("_step_" + step.id)).string();
  write_file(dir, "script.sh", s.at("run").get<std::string>());
  write_file(dir, "output", "");
  write_file(dir, "summary", "");
  step.env = evaluated(s.value("env", json::object()), context);
  Env env = o.env;
  env["RUNNER_TEMP"] = o.temp.string();
  env["RUNNER_OS"] = "Linux";
  env["RUNNER_ARCH"] = "X64";
  env["GITHUB_ACTION_PATH"] = o.action_path;
  env["GITHUB_WORKSPACE"] = o.workspace.string();
  env["GITHUB_OUTPUT"] = dir + "/output";
  env["GITHUB_STEP_SUMMARY"] = dir + "/summary";
  for (const auto& [key, value] : step.env.items()) env[key] = value.get<std::string>();
  RunOptions options;
  options.cwd = o.workspace;
  options.env = ci_env(env);
  step.result =
      run({"bash", "--noprofile", "--norc", "-eo", "pipefail", dir + "/script.sh"}, options);
  step.summary = file_text(dir + "/summary");
  step.outputs = read_outputs(file_text(dir + "/output"));
}

}  // namespace

ActionRun run_action(const json& action, const ActionRunOptions& o) {
  ActionContext context = initial_context(action, o);
  ActionRun done;
  bool started = false;
  int number = 0;
  for (const json& s : action.at("runs").at("steps")) {
    StepRun step;
    step.id = s.value("id", "step" + std::to_string(++number));
    started = started || step.id == o.from_step;
    if (!started) continue;
    step.uses = s.value("uses", "");
    step.ran = gh_condition(s.value("if", ""), context);
    if (step.ran && !step.uses.empty())
      step.with = evaluated(s.value("with", json::object()), context);
    if (step.ran && step.uses.empty()) {
      run_shell_step(s, o, context, step);
      context.outputs[step.id] = step.outputs;
      if (step.result.exit_code != 0 && !context.failed) done.exit_code = step.result.exit_code;
      context.failed = context.failed || step.result.exit_code != 0;
    }
    context.outcomes[step.id] = !step.ran                                         ? "skipped"
                                : step.uses.empty() && step.result.exit_code != 0 ? "failure"
                                                                                  : "success";
    done.steps.push_back(step);
  }
  if (!started) throw std::runtime_error("the action has no step " + o.from_step);
  const json outputs = action.value("outputs", json::object());
  for (const auto& [name, output] : outputs.items())
    done.outputs[name] = gh_substitute(output.value("value", ""), context);
  return done;
}

namespace {

// A double-quoted shell word that expands `$VAR` as GitLab expands variables.
std::string expanding_word(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '`') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

RunResult run_gitlab_job(const json& job, const std::vector<std::string>& sections,
                         const fs::path& project_dir, const Env& env) {
  std::string script;
  const json variables = job.value("variables", json::object());
  for (const auto& [name, value] : variables.items())
    if (!env.count(name))
      script += "export " + name + "=" +
                expanding_word(value.is_string() ? value.get<std::string>() : "") + "\n";
  for (const std::string& section : sections)
    for (const json& line : job.at(section)) script += line.get<std::string>() + "\n";
  TempDir dir;
  write_file(dir.path(), "job.sh", script);
  Env full = env;
  full["CI_PROJECT_DIR"] = project_dir.string();
  RunOptions options;
  options.cwd = project_dir;
  options.env = ci_env(full);
  return run({"bash", "--noprofile", "--norc", "-eo", "pipefail", (dir.path() / "job.sh").string()},
             options);
}

std::vector<std::string> action_run_texts(const json& action) {
  std::vector<std::string> texts;
  for (const json& s : action.at("runs").at("steps"))
    if (s.contains("run")) texts.push_back(s["run"].get<std::string>());
  return texts;
}

std::vector<std::string> gitlab_script_texts(const json& job) {
  std::vector<std::string> texts;
  for (const char* section : {"before_script", "script", "after_script"})
    if (job.contains(section))
      for (const json& line : job[section]) texts.push_back(line.get<std::string>());
  return texts;
}

}  // namespace gate::test
