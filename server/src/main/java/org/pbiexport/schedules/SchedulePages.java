package org.pbiexport.schedules;

import java.security.Principal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.pbiexport.catalog.Catalog;
import org.pbiexport.web.ApiProblem;
import org.pbiexport.web.FieldProblem;
import org.pbiexport.web.PageTexts;
import org.pbiexport.web.Text;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin page for schedules (admins only): the list with "Run now", a form that keeps
 * everything typed after a problem and shows each problem beside its field, a cron helper
 * that says the next five run times in words in the chosen zone (redrawn by htmx as the
 * admin types), and each schedule's run history with the reasons of failed runs.
 */
@Controller
class SchedulePages {

	private final Schedules schedules;

	private final Catalog catalog;

	private final PageTexts texts;

	SchedulePages(Schedules schedules, Catalog catalog, PageTexts texts) {
		this.schedules = schedules;
		this.catalog = catalog;
		this.texts = texts;
	}

	/** A schedule's row in the list. */
	public record Row(Schedule schedule, String reportTitle, String nextRun, Optional<Schedule.Run> lastRun) {
	}

	@GetMapping("/admin/schedules")
	String list(Model model) {
		Map<Long, String> titles = new LinkedHashMap<>();
		this.catalog.allReports().forEach((report) -> titles.put(report.id().value(), report.title()));
		DateTimeFormatter words = words();
		List<Row> rows = this.schedules.list().stream().map((schedule) -> {
			Schedule.Draft draft = schedule.draft();
			String next = (schedule.nextRun() != null)
					? CronTimes.words(schedule.nextRun().atZone(ZoneId.of(draft.timeZone())), words)
					: this.texts.get("sched.not.scheduled");
			String title = titles.get(draft.reportId());
			return new Row(schedule,
					(title != null) ? title : this.texts.get("sched.report.numbered", draft.reportId()), next,
					this.schedules.runs(schedule.id()).stream().findFirst());
		}).toList();
		model.addAttribute("rows", rows);
		return "admin/schedules";
	}

	@GetMapping("/admin/schedules/new")
	String add(Model model) {
		return form(model, null, ScheduleForm.EMPTY, Map.of());
	}

	@PostMapping("/admin/schedules")
	String create(@ModelAttribute ScheduleForm form, Principal admin, Model model, RedirectAttributes flash) {
		Schedule created;
		try {
			created = this.schedules.create(form.document(), admin.getName());
		}
		catch (ApiProblem ex) {
			return form(model, null, form, errors(ex));
		}
		flash.addFlashAttribute("message", this.texts.get("sched.flash.made", created.draft().name()));
		return "redirect:/admin/schedules/" + created.id();
	}

	@GetMapping("/admin/schedules/{id}")
	String edit(@PathVariable("id") String id, Model model) {
		Schedule schedule = this.schedules.get(ScheduleApi.id(id));
		return form(model, schedule, ScheduleForm.of(schedule), Map.of());
	}

	@PostMapping("/admin/schedules/{id}")
	String update(@PathVariable("id") String id, @ModelAttribute ScheduleForm form, Principal admin, Model model,
			RedirectAttributes flash) {
		Schedule schedule = this.schedules.get(ScheduleApi.id(id));
		try {
			this.schedules.update(schedule.id(), form.document(), admin.getName());
		}
		catch (ApiProblem ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				throw ex;
			}
			return form(model, schedule, form, errors(ex));
		}
		flash.addFlashAttribute("message", this.texts.get("sched.flash.saved", form.name().strip()));
		return "redirect:/admin/schedules/" + schedule.id();
	}

	@PostMapping("/admin/schedules/{id}/run")
	String run(@PathVariable("id") String id, Principal admin, RedirectAttributes flash) {
		Schedule schedule = this.schedules.get(ScheduleApi.id(id));
		this.schedules.runNow(schedule.id(), admin.getName());
		flash.addFlashAttribute("message", this.texts.get("sched.flash.started", schedule.draft().name()));
		return "redirect:/admin/schedules/" + schedule.id();
	}

	@PostMapping("/admin/schedules/{id}/delete")
	String delete(@PathVariable("id") String id, Principal admin, RedirectAttributes flash) {
		Schedule schedule = this.schedules.get(ScheduleApi.id(id));
		this.schedules.delete(schedule.id(), admin.getName());
		flash.addFlashAttribute("message", this.texts.get("sched.flash.deleted", schedule.draft().name()));
		return "redirect:/admin/schedules";
	}

	/** The cron helper: the next five times in words, or what is wrong. */
	@GetMapping("/admin/schedules/cron-help")
	String cronHelp(@RequestParam(name = "cron", defaultValue = "") String cron,
			@RequestParam(name = "timeZone", defaultValue = "") String timeZone, Model model) {
		model.addAttribute("help", cronHelp(cron, timeZone));
		return "admin/schedule-form :: cron-help";
	}

	private String form(Model model, Schedule schedule, ScheduleForm form, Map<String, String> errors) {
		model.addAttribute("schedule", schedule);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("reports", this.catalog.allReports());
		model.addAttribute("help", cronHelp(form.cron(), form.timeZone()));
		model.addAttribute("runs", (schedule != null) ? this.schedules.runs(schedule.id()) : List.of());
		return "admin/schedule-form";
	}

	/**
	 * The problems by form field: a filter's value under {@code filters}, each recipient
	 * under {@code recipients}.
	 */
	private Map<String, String> errors(ApiProblem problem) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldProblem error : problem.errors().isEmpty() ? List.of(new FieldProblem("form", problem.getMessage()))
				: problem.errors()) {
			String field = error.field().replaceAll("[.\\[].*$", "");
			String said = this.texts.get(error);
			String message = field.equals(error.field()) ? said : error.field() + ": " + said;
			errors.merge(field, message, (a, b) -> a + "; " + b);
		}
		return errors;
	}

	/** What the cron helper says, in the page's language. */
	private CronHelp cronHelp(String cron, String timeZone) {
		if (cron.isBlank()) {
			return new CronHelp(List.of(), this.texts.get("sched.cron.empty"));
		}
		Optional<Text> cronProblem = CronTimes.cronProblem(cron.strip());
		if (cronProblem.isPresent()) {
			return new CronHelp(List.of(), this.texts.get("sched.cron.invalid", cronProblem.get().arguments().get(0)));
		}
		String zoneName = timeZone.isBlank() ? "UTC" : timeZone;
		Optional<ZoneId> zone = CronTimes.zone(zoneName);
		if (zone.isEmpty()) {
			return new CronHelp(List.of(), this.texts.get("sched.cron.zone", zoneName));
		}
		DateTimeFormatter words = words();
		List<String> times = CronTimes.next(cron.strip(), zone.get(), this.schedules.now(), ScheduleApi.NEXT_RUNS)
			.stream()
			.map((time) -> CronTimes.words(time, words))
			.toList();
		return new CronHelp(times, times.isEmpty() ? this.texts.get("sched.cron.never") : "");
	}

	/** How the page writes a time in words, in its language. */
	private DateTimeFormatter words() {
		return DateTimeFormatter.ofPattern(this.texts.get("sched.time.words"), this.texts.locale());
	}

	/**
	 * What the cron helper says.
	 *
	 * @param times the next five run times in words, empty when there is a problem
	 * @param problem what is wrong with the expression or zone, or empty
	 */
	public record CronHelp(List<String> times, String problem) {
	}

}
