package cli

import (
	"errors"
	"flag"
	"fmt"
	"sort"

	"forkroom/internal/handout"
	"forkroom/internal/i18n"
)

// handout writes the repository a teacher hands out (`checker handout DIR`).
func (a *app) handout(args []string) error {
	fs := flag.NewFlagSet("handout", flag.ContinueOnError)
	var opts handout.Options
	fs.BoolVar(&opts.WithChatroom, "with-chatroom", false, "hand out the finished chat room too")
	fs.BoolVar(&opts.Vendor, "vendor", false, "vendor the modules, to build with no network")
	fs.StringVar(&opts.CheckerRepo, "checker-repo", "", "OWNER/NAME the Classroom workflow builds the checker from")
	fs.StringVar(&opts.CheckerRev, "checker-rev", "", "the commit of --checker-repo to build")
	fs.BoolVar(&opts.NoGit, "no-git", false, "no git init and commit")
	verbose := fs.Bool("v", false, "list what was left out")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("handout needs one folder to write the handout into, such as ../forkroom-handout")
	}
	opts.Lang = a.lang
	root, err := findRoot(a.env.Dir)
	if err != nil {
		return err
	}
	res, err := handout.Make(a.env.Ctx, root, pos[0], opts)
	var dangling *handout.DanglingError
	if errors.As(err, &dangling) {
		fmt.Fprintln(a.env.Stderr, i18n.M("No handout written: these texts name folders the handout leaves out, so a student would type a command that cannot work. Change the texts (a \"See it for yourself\" command runs the student's own program), or hand out the chat room with --with-chatroom:").In(a.lang))
		for _, r := range dangling.Refs {
			fmt.Fprintln(a.env.Stderr, "  "+r)
		}
		return errShown
	}
	var local *handout.Error
	if errors.As(err, &local) {
		fmt.Fprintln(a.env.Stderr, "checker: "+local.In(a.lang))
		return errShown
	}
	if err != nil {
		return err
	}
	w := a.env.Stdout
	fmt.Fprintln(w, i18n.M("Wrote the handout to %s: %d files.", res.Dir, res.Files).In(a.lang))
	whys := map[string]int{}
	for _, why := range res.Omitted {
		whys[why.In(a.lang)]++
	}
	var keys []string
	for k := range whys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, a.t("Left out: solutions/, the teacher's docs, the repository's README and Makefile (the handout has its own), and these files:"))
	if !opts.WithChatroom {
		fmt.Fprintln(w, "       "+a.t("chatroom/, the finished chat room: the answer to lessons 13-15 (--with-chatroom hands it out)"))
	}
	for _, k := range keys {
		fmt.Fprintf(w, "  %3d  %s\n", whys[k], k)
	}
	if *verbose {
		var files []string
		for f := range res.Omitted {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			fmt.Fprintln(w, "    "+f)
		}
	}
	if res.Commit != "" {
		fmt.Fprintln(w, i18n.M("git: one commit %s on branch main, ready to push to a new repository.", res.Commit[:12]).In(a.lang))
	}
	for _, warn := range res.Warnings {
		fmt.Fprintln(a.env.Stderr, i18n.M("warning: %s", warn).In(a.lang))
	}
	return nil
}
