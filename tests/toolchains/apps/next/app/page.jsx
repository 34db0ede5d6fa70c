// A server component that renders the README's client component.
import ApplyForm from "./apply-form.jsx";

export default function Page() {
  return <ApplyForm />;
}
